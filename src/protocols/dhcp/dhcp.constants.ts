/**
 * DHCPv4 wire constants: RFC 2131 (protocol), RFC 2132 (options), RFC 4578 (PXE client options),
 * RFC 3004 (user class), RFC 3046 (relay agent information), RFC 6842 (client identifier in replies).
 */

/** RFC 2131 §4.1: servers listen on 67, clients on 68; relay agents listen on 67 too. */
export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

/** BOOTP `op` (RFC 951). */
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;

/** `htype` 1 = 10 Mb Ethernet (RFC 1700 ARP hardware types); `hlen` 6. */
export const HTYPE_ETHERNET = 1;

/** RFC 2131 §3: the first four octets of the options field. */
export const MAGIC_COOKIE = 0x63825363;

/** Fixed BOOTP header up to the options field (RFC 2131 Figure 1): 236 bytes, then the 4-byte cookie. */
export const BOOTP_HEADER_LENGTH = 236;
export const OPTIONS_OFFSET = BOOTP_HEADER_LENGTH + 4;

/**
 * RFC 951 messages are at least 300 bytes (64-byte vendor area); BOOTP relays and some PXE ROMs drop
 * anything shorter, so replies are padded to this size.
 */
export const BOOTP_MIN_LENGTH = 300;

/** RFC 2131 §2: every client must accept 576-byte datagrams (IP + UDP headers included: 28 bytes). */
export const DHCP_MIN_MAX_MESSAGE = 576;
export const IP_UDP_HEADERS = 28;

/** Broadcast flag: the top bit of `flags` (RFC 2131 §2, Figure 2). */
export const FLAG_BROADCAST = 0x8000;

/** Option 53 values (RFC 2132 §9.6). */
export enum DhcpMessageType {
  Discover = 1,
  Offer = 2,
  Request = 3,
  Decline = 4,
  Ack = 5,
  Nak = 6,
  Release = 7,
  Inform = 8,
}

/** Option codes this server reads or writes. */
export enum DhcpOption {
  Pad = 0,
  SubnetMask = 1,
  Router = 3,
  DomainNameServer = 6,
  HostName = 12,
  DomainName = 15,
  BroadcastAddress = 28,
  RequestedIpAddress = 50,
  LeaseTime = 51,
  Overload = 52,
  MessageType = 53,
  ServerIdentifier = 54,
  ParameterRequestList = 55,
  Message = 56,
  MaxMessageSize = 57,
  RenewalTime = 58,
  RebindingTime = 59,
  VendorClassIdentifier = 60,
  ClientIdentifier = 61,
  TftpServerName = 66,
  BootfileName = 67,
  UserClass = 77,
  RelayAgentInformation = 82,
  ClientSystemArchitecture = 93,
  ClientNetworkInterface = 94,
  ClientMachineIdentifier = 97,
  /** iPXE's own options, encapsulated (iPXE include/ipxe/dhcp.h DHCP_EB_ENCAP; gPXE uses the same code). */
  IpxeEncapsulated = 175,
  End = 255,
}

/**
 * Sub-options of option 175 (iPXE include/ipxe/dhcp.h, `DHCP_ENCAP_OPT(DHCP_EB_ENCAP, …)`).
 * NoPxeDhcp (0xb0): "Skip PXE DHCP protocol extensions such as ProxyDHCP. If set to a non-zero value,
 * iPXE will not wait for ProxyDHCP offers and will ignore any PXE-specific DHCP options that it receives."
 */
export enum IpxeOption {
  NoPxeDhcp = 176,
}

/**
 * Option 93 processor architecture types (RFC 4578 §2.1, IANA "Processor Architecture Types").
 * 9 is what EDK2 firmware sends for x64 UEFI although IANA lists it as "EFI x86-64" too (7 = EFI BC).
 */
export enum ClientArch {
  X86Bios = 0,
  EfiIa32 = 6,
  EfiBc = 7,
  EfiX86_64 = 9,
  EfiArm32 = 10,
  EfiArm64 = 11,
}
