// Conntrack sysctls of one namespace (/proc/sys/net/netfilter/nf_conntrack_*), kernel defaults
// as a 6.x kernel boots with them (checked against a real namespace). Timeouts are seconds.

export interface ConntrackSysctl {
  nf_conntrack_tcp_timeout_syn_sent: number;
  nf_conntrack_tcp_timeout_syn_recv: number;
  nf_conntrack_tcp_timeout_established: number;
  nf_conntrack_tcp_timeout_fin_wait: number;
  nf_conntrack_tcp_timeout_close_wait: number;
  nf_conntrack_tcp_timeout_last_ack: number;
  nf_conntrack_tcp_timeout_time_wait: number;
  nf_conntrack_tcp_timeout_close: number;
  nf_conntrack_tcp_timeout_max_retrans: number;
  nf_conntrack_tcp_timeout_unacknowledged: number;
  nf_conntrack_udp_timeout: number;
  nf_conntrack_udp_timeout_stream: number;
  nf_conntrack_icmp_timeout: number;
  nf_conntrack_generic_timeout: number;
  /** 1: pick up connections from a mid-stream ACK (state ESTABLISHED, not assured). */
  nf_conntrack_tcp_loose: number;
  nf_conntrack_tcp_be_liberal: number;
  nf_conntrack_max: number;
}

export function defaultSysctl(): ConntrackSysctl {
  return {
    nf_conntrack_tcp_timeout_syn_sent: 120,
    nf_conntrack_tcp_timeout_syn_recv: 60,
    nf_conntrack_tcp_timeout_established: 432000,
    nf_conntrack_tcp_timeout_fin_wait: 120,
    nf_conntrack_tcp_timeout_close_wait: 60,
    nf_conntrack_tcp_timeout_last_ack: 30,
    nf_conntrack_tcp_timeout_time_wait: 120,
    nf_conntrack_tcp_timeout_close: 10,
    nf_conntrack_tcp_timeout_max_retrans: 300,
    nf_conntrack_tcp_timeout_unacknowledged: 300,
    nf_conntrack_udp_timeout: 30,
    nf_conntrack_udp_timeout_stream: 120,
    nf_conntrack_icmp_timeout: 30,
    nf_conntrack_generic_timeout: 600,
    nf_conntrack_tcp_loose: 1,
    nf_conntrack_tcp_be_liberal: 0,
    nf_conntrack_max: 262144,
  };
}
