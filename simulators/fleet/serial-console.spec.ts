import { SerialConsole } from './serial-console';

describe('SerialConsole', () => {
  it.each([
    ['plain characters echo back', 'abc', 'abc'],
    ['CR becomes CR LF plus the prompt', 'root\r', 'root\r\nlogin: '],
    ['CR LF counts as one line end', 'a\r\nb', 'a\r\nlogin: b'],
    ['backspace erases on screen', 'ab\x7f', 'ab\b \b'],
  ])('%s', (_name, input, echoed) => {
    const c = new SerialConsole({ prompt: 'login: ' });
    let out = '';
    c.on('data', (d: Buffer) => (out += d.toString('latin1')));
    c.write(input);
    expect(out).toBe(echoed);
  });

  it('reports each completed input line', () => {
    const c = new SerialConsole();
    const lines: string[] = [];
    c.on('line', (l: string) => lines.push(l));
    c.write('ls\rpwd\r\r');
    expect(lines).toEqual(['ls', 'pwd']);
  });

  it('keeps a bounded history for late readers', () => {
    const c = new SerialConsole({ historyBytes: 10 });
    for (let i = 0; i < 5; i++) c.emitOutput('12345');
    expect(c.tail().length).toBeLessThanOrEqual(10);
    expect(c.tail().toString().endsWith('12345')).toBe(true);
  });

  it('plays lines on a timer and can be stopped', () => {
    jest.useFakeTimers();
    const c = new SerialConsole();
    let out = '';
    c.on('data', (d: Buffer) => (out += d.toString()));
    c.play(['a', 'b', 'c'], 100);
    expect(out).toBe('a');
    jest.advanceTimersByTime(100);
    expect(out).toBe('ab');
    c.stopPlayback();
    jest.advanceTimersByTime(1000);
    expect(out).toBe('ab');
    jest.useRealTimers();
  });
});
