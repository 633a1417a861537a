//! Who the client is: the TCP peer, or — only when the peer is a trusted reverse proxy —
//! the address the proxies forwarded. Every limit, throttle and log line uses this address.
//!
//! `X-Forwarded-For` is read from the right: each trusted proxy appends the address it got
//! the request from, so the right-most address that is not a trusted proxy is the client
//! (what is left of it, the client could have written itself). Without that header the
//! `for=` parameters of `Forwarded` (RFC 7239) are read the same way. From an untrusted
//! peer both headers are ignored: anyone can send them.

use fritid_domain::text::comma_items;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{Error, web};
pub use fritid_app::ClientAddr;
use ipnet::IpNet;

/// `FRITID_TRUSTED_PROXIES`: addresses and CIDR ranges of the reverse proxies in front.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list such as `10.0.0.0/8, 127.0.0.1, ::1`; empty for none.
    fn from_str(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in comma_items(list) {
            let net = match IpNet::from_str(item) {
                Ok(net) => net,
                Err(_) => IpAddr::from_str(item)
                    .map(IpNet::from)
                    .map_err(|_| format!("{item:?} is neither an address nor a CIDR range"))?,
            };
            nets.push(net.trunc());
        }
        Ok(Self(nets))
    }
}

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that came from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops: Vec<Option<IpAddr>> =
            list(headers, &header::X_FORWARDED_FOR).map(address).collect();
        if hops.is_empty() {
            hops = list(headers, &header::FORWARDED).filter_map(forwarded_for).collect();
        }
        // From the right: skip the trusted proxies; the first other hop is the client. A hop
        // that is not an address ends the walk at the proxy that wrote it.
        let mut nearest = peer;
        for hop in hops.into_iter().rev() {
            match hop {
                Some(ip) if self.trusts(ip) => nearest = ip,
                Some(ip) => return ip,
                None => return nearest,
            }
        }
        nearest
    }
}

/// The comma-separated items of every instance of a header.
fn list<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> impl Iterator<Item = &'a str> {
    headers.get_all(name).filter_map(|v| v.to_str().ok()).flat_map(comma_items)
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or
/// `[2001:db8::1]:4711`, possibly in quotes.
fn address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = IpAddr::from_str(hop) {
        return Some(canonical(ip));
    }
    SocketAddr::from_str(hop).ok().map(|s| canonical(s.ip())).or_else(|| {
        let inner = hop.strip_prefix('[')?.split(']').next()?;
        IpAddr::from_str(inner).ok().map(canonical)
    })
}

/// The `for=` of one `Forwarded` element; `Some(None)` when it names no address
/// (`unknown`, an obfuscated `_id`), `None` when the element has no `for=`.
fn forwarded_for(element: &str) -> Option<Option<IpAddr>> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim().eq_ignore_ascii_case("for").then(|| address(value))
    })
}

/// IPv4 addresses mapped into IPv6 (`::ffff:a.b.c.d`, as dual-stack sockets report them)
/// as the IPv4 addresses they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address of a request, as [`client_address`] found it (the peer when the
/// middleware did not run).
pub fn client_ip(req: &actix_web::HttpRequest) -> Option<IpAddr> {
    req.extensions()
        .get::<ClientAddr>()
        .map(|c| c.0)
        .or_else(|| req.peer_addr().map(|a| canonical(a.ip())))
}

/// Finds the client's address once per request, for everything after it to read.
pub async fn client_address(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let trusted = req.app_data::<web::Data<crate::AppConfig>>().map(|c| &c.trusted_proxies);
    if let Some(peer) = req.peer_addr() {
        let client = match trusted {
            Some(trusted) => trusted.client(peer.ip(), req.headers()),
            None => canonical(peer.ip()),
        };
        req.extensions_mut().insert(ClientAddr(client));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_addresses_and_ranges() {
        let t: TrustedProxies = "10.0.0.0/8, 127.0.0.1 ,::1,2001:db8::/32".parse().unwrap();
        assert!(t.trusts(ip("10.1.2.3")) && t.trusts(ip("127.0.0.1")) && t.trusts(ip("::1")));
        assert!(t.trusts(ip("2001:db8::5")) && t.trusts(ip("::ffff:10.9.9.9")));
        assert!(!t.trusts(ip("127.0.0.2")) && !t.trusts(ip("11.0.0.1")));
        assert!("".parse::<TrustedProxies>().unwrap().is_empty());
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let t: TrustedProxies = "10.0.0.1".parse().unwrap();
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(t.client(ip("192.0.2.9"), &spoofed), ip("192.0.2.9"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.1"), &spoofed), ip("10.0.0.1"));
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let t: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let proxy = ip("10.0.0.1");
        // The client wrote 6.6.6.6 itself; the outer proxy (10.0.0.2) saw 198.51.100.7.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6, 198.51.100.7"),
            ("x-forwarded-for", "10.0.0.2"),
        ]);
        assert_eq!(t.client(proxy, &h), ip("198.51.100.7"));
        let ports = headers(&[("x-forwarded-for", "[2001:db8::7]:4711, 203.0.113.5:80")]);
        assert_eq!(t.client(proxy, &ports), ip("203.0.113.5"));
        let ipv6 = headers(&[("x-forwarded-for", "2001:db8::7")]);
        assert_eq!(t.client(proxy, &ipv6), ip("2001:db8::7"));
        // Only proxies: the left-most; nothing forwarded: the peer.
        assert_eq!(
            t.client(proxy, &headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")])),
            ip("10.0.0.3")
        );
        assert_eq!(t.client(proxy, &HeaderMap::new()), proxy);
        // Garbage where the client should be: the proxy that passed it on.
        assert_eq!(
            t.client(proxy, &headers(&[("x-forwarded-for", "1.2.3.4, nonsense, 10.0.0.2")])),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn forwarded_is_read_without_x_forwarded_for() {
        let t: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let proxy = ip("10.0.0.1");
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, For=10.0.0.2;by=10.0.0.1",
        )]);
        assert_eq!(t.client(proxy, &h), ip("2001:db8:cafe::17"));
        let hidden = headers(&[("forwarded", "for=_hidden, for=10.0.0.2")]);
        assert_eq!(t.client(proxy, &hidden), ip("10.0.0.2"));
        // With both, X-Forwarded-For counts.
        let both = headers(&[("forwarded", "for=6.6.6.6"), ("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(t.client(proxy, &both), ip("198.51.100.7"));
    }
}
