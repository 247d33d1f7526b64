import { checkCloudConfigDocument, CloudConfigError, documentToMap, groupDocument, parseCloudConfigYaml, renderCloudConfig, renderVendorInclude } from './cloud-config';

describe('cloud-config documents', () => {
  it('renders user-data with the header on its own first line', () => {
    expect(renderCloudConfig({})).toBe('#cloud-config\n{}\n');
    expect(renderCloudConfig({ runcmd: ['echo hello'] })).toBe('#cloud-config\nruncmd:\n  - echo hello\n');
  });

  it('renders vendor-data #include lines per group in order, whatever the base URL trailing slash', () => {
    expect(renderVendorInclude('http://10.0.0.1:27780/cloud-init/', ['all', 'compute'])).toBe(
      '#include\nhttp://10.0.0.1:27780/cloud-init/all.yaml\nhttp://10.0.0.1:27780/cloud-init/compute.yaml\n',
    );
    expect(renderVendorInclude('http://h/cloud-init', [])).toBe('#include\n');
  });

  it('serves an empty cloud-config for a group without a document', () => {
    expect(groupDocument(null)).toBe('#cloud-config\n');
    expect(groupDocument('#cloud-config\nntp: {}\n')).toBe('#cloud-config\nntp: {}\n');
  });

  it('accepts cloud-config documents and jinja templates of them', () => {
    for (const doc of ['#cloud-config\nruncmd: [a]\n', '#cloud-config\n', '## template: jinja\n#cloud-config\nhostname: {{ v1.local_hostname }}\n', '#template: jinja\n#cloud-config\n']) {
      expect(checkCloudConfigDocument(doc)).toBe(doc);
    }
  });

  it.each([
    ['no header', 'runcmd: [a]\n', /must start with "#cloud-config"/],
    ['a shell script', '#!/bin/sh\necho hi\n', /must start with/],
    ['broken YAML', '#cloud-config\nruncmd: [a\n', /invalid YAML/],
    ['not a mapping', '#cloud-config\n- a\n- b\n', /must be a YAML mapping/],
    ['duplicate keys', '#cloud-config\na: 1\na: 2\n', /invalid YAML/],
  ])('rejects %s', (_name, doc, message) => {
    expect(() => checkCloudConfigDocument(doc)).toThrow(CloudConfigError);
    expect(() => checkCloudConfigDocument(doc)).toThrow(message);
  });

  it('reads YAML as YAML 1.1, as cloud-init does', () => {
    expect(parseCloudConfigYaml('ssh_pwauth: yes\nmode: 0644\nname: "yes"\n')).toEqual({ ssh_pwauth: true, mode: 420, name: 'yes' });
    expect(parseCloudConfigYaml('')).toEqual({});
    expect(parseCloudConfigYaml('when: 2001-12-14\n')).toEqual({ when: '2001-12-14T00:00:00.000Z' });
  });

  it('gives a plain stored document back as a map, and nothing for templates', () => {
    expect(documentToMap('#cloud-config\nntp:\n  enabled: true\n')).toEqual({ ntp: { enabled: true } });
    expect(documentToMap('## template: jinja\n#cloud-config\nx: {{ a }}\n')).toBeNull();
    expect(documentToMap(null)).toBeNull();
  });
});
