/**
 * DHCPv4 for hwctl (RFC 2131/2132): codec, reply rules and a UDP server; no framework, no database.
 * Our own code rather than the npm `dhcp` package (0.2.20): evaluated against the same real clients, it sent
 * no relay replies, had no INFORM/RELEASE/DECLINE, ACKed REQUESTs for other servers, dropped options 77/93 and
 * misparsed pad options — the evidence is in README.md beside this file.
 */
export * from './dhcp.constants';
export * from './dhcp-error';
export * from './dhcp-packet.codec';
export * from './dhcp-options';
export * from './dhcp-request';
export * from './dhcp-reply';
export * from './dhcp-responder';
export * from './dhcp-server';
export * from './ipv4-subnet';
