//! The checks every request passes before a handler sees it (api.md, "Status codes and
//! limits"):
//!
//! 1. `Host` must name the listening address, or `localhost` / `127.0.0.1` / `[::1]` when it is
//!    a loopback address, with the listening port (421 otherwise). This defeats DNS rebinding:
//!    a page of another site that resolves its own name to 127.0.0.1 still sends its own name.
//! 2. A state-changing request (any method but GET, HEAD, OPTIONS) whose `Origin` is present
//!    must come from the server's own origin (403 otherwise), so that no other web page can
//!    drive a local server.
//! 3. With a token, every request needs `Authorization: Bearer TOKEN` (401 otherwise).

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ApiError;

/// Which `Host` values are accepted, and the token every request must carry.
#[derive(Debug, Clone)]
pub struct Security {
    hosts: Hosts,
    token: Option<String>,
}

#[derive(Debug, Clone)]
enum Hosts {
    /// Listening on every address (`0.0.0.0`, `::`): any name may reach it (a token is
    /// required then).
    Any,
    /// These host names (lower case; IPv6 in brackets), with this port.
    Only { names: Vec<String>, port: u16 },
}

impl Security {
    /// The checks for a server listening on `listen` (the address actually bound), with an
    /// optional bearer token.
    pub fn new(listen: SocketAddr, token: Option<String>) -> Self {
        let ip = listen.ip();
        let hosts = if ip.is_unspecified() {
            Hosts::Any
        } else {
            let mut names = vec![match ip {
                std::net::IpAddr::V4(v4) => v4.to_string(),
                std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            }];
            if ip.is_loopback() {
                for n in ["localhost", "127.0.0.1", "[::1]"] {
                    if !names.iter().any(|x| x == n) {
                        names.push(n.to_owned());
                    }
                }
            }
            Hosts::Only {
                names,
                port: listen.port(),
            }
        };
        Security { hosts, token }
    }

    /// Whether a `Host` header value names this server.
    pub fn host_allowed(&self, host: &str) -> bool {
        let Hosts::Only { names, port } = &self.hosts else {
            return true;
        };
        let Some((name, given_port)) = split_host(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        // A Host without a port means the scheme's default, 80.
        names.contains(&name) && given_port.unwrap_or(80) == *port
    }

    fn token_ok(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
    }
}

/// `name[:port]` or `[v6][:port]` → the name (IPv6 with its brackets) and the port.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let host = host.trim();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    Some((name, port))
}

/// Compares without stopping at the first difference, so that timing tells nothing of the
/// token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The middleware: Host, then Origin, then token.
pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let security = &state.security;
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    let Some(host) = host.filter(|h| security.host_allowed(h)) else {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "misdirected",
            "the Host of the request does not name this server",
        )
        .into_response();
    };
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin.to_str().ok().is_some_and(|o| {
            let o = o.to_ascii_lowercase();
            let h = host.to_ascii_lowercase();
            o == format!("http://{h}") || o == format!("https://{h}")
        });
        if !own {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden_origin",
                "a state-changing request from another origin is refused",
            )
            .into_response();
        }
    }
    if !security.token_ok(headers) {
        let mut r = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs the header `Authorization: Bearer TOKEN`",
        )
        .into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return r;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_a_loopback_server() {
        let s = Security::new("127.0.0.1:7878".parse().unwrap(), None);
        for ok in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST:7878",
            "[::1]:7878",
        ] {
            assert!(s.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:7878",
            "127.0.0.1:7879",
            "127.0.0.1",
            "",
            ":7878",
            "[::1",
            "localhost:x",
        ] {
            assert!(!s.host_allowed(bad), "{bad}");
        }
        let any = Security::new("0.0.0.0:80".parse().unwrap(), Some("t".into()));
        assert!(any.host_allowed("whatever.example"));
        let lan = Security::new("192.168.1.5:80".parse().unwrap(), Some("t".into()));
        assert!(lan.host_allowed("192.168.1.5"));
        assert!(!lan.host_allowed("localhost"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
