import { SolEscapeParser } from './sol-escape';

const feed = (p: SolEscapeParser, s: string) => {
  const r = p.feed(Buffer.from(s, 'latin1'));
  return { data: r.data.toString('latin1'), commands: r.commands };
};

describe('SolEscapeParser (ipmitool escape rules)', () => {
  it.each([
    ['~. first thing typed leaves', '~.', '', ['quit']],
    ['~. after CR leaves, what came before is sent', 'ls\r~.', 'ls\r', ['quit']],
    ['~. after LF leaves', 'x\n~.', 'x\n', ['quit']],
    ['nothing after ~. is processed', '~.rm -rf\r', '', ['quit']],
    ['~ inside a line is plain data', 'echo a~.b\r', 'echo a~.b\r', []],
    ['~~ sends one ~', '~~x', '~x', []],
    ['~ then another character sends both', '~x', '~x', []],
    ['~? asks for help and sends nothing', '~?', '', ['help']],
    ['~? then ~. still leaves', '~?~.', '', ['help', 'quit']],
    ['Ctrl-C is data for the host', '\x03', '\x03', []],
  ])('%s', (_name, input, data, commands) => {
    expect(feed(new SolEscapeParser(), input)).toEqual({ data, commands });
  });

  it('remembers an escape split across reads', () => {
    const p = new SolEscapeParser();
    expect(feed(p, 'date\r~')).toEqual({ data: 'date\r', commands: [] });
    expect(feed(p, '.')).toEqual({ data: '', commands: ['quit'] });
  });

  it('help lists the escapes it understands', () => {
    expect(new SolEscapeParser().help()).toContain(' ~.  - terminate connection');
  });
});
