//! The listening side of `serve`: which address and port, the socket options connections
//! inherit, the URL to print, and opening it in a browser.

use std::net::{IpAddr, SocketAddr, TcpListener, ToSocketAddrs};
use std::time::Duration;

use super::{ServeError, DEFAULT_PORT};

/// How many ports after [`DEFAULT_PORT`] are tried.
const PORT_TRIES: u16 = 20;
/// How long one write to a client may wait.
pub(super) const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Options that accepted connections inherit from the listening socket (as Linux does;
/// tiny_http 0.12 gives no access to the connections themselves): a write
/// timeout ([`CLIENT_TIMEOUT`]), so a client that does not read its response frees its
/// worker; and `TCP_NODELAY`, without which a keep-alive response written as head then body
/// waits ~40 ms for the client's delayed ACK. No read timeout: on the listener it would also
/// bound `accept`, and tiny_http's accept loop ends at the first error. Failing is harmless.
pub(super) fn tune_sockets(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = listener.as_raw_fd();
        let timeout = libc::timeval {
            tv_sec: CLIENT_TIMEOUT.as_secs() as libc::time_t,
            tv_usec: 0,
        };
        let on: libc::c_int = 1;
        let set =
            |level: libc::c_int, name: libc::c_int, value: *const libc::c_void, len: usize| {
                // SAFETY: `value` points to a live value of `len` bytes for the call's duration.
                unsafe { libc::setsockopt(fd, level, name, value, len as libc::socklen_t) };
            };
        let tv = (&timeout as *const libc::timeval).cast();
        set(
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            tv,
            std::mem::size_of::<libc::timeval>(),
        );
        let on_ptr = (&on as *const libc::c_int).cast();
        set(
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            on_ptr,
            std::mem::size_of::<libc::c_int>(),
        );
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// Binds the listening socket. An explicit port that is taken is an error naming it; the
/// default port moves on to the next free one, and says so.
pub(super) fn bind(interface: &str, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let ip = resolve_interface(interface)?;
    let try_port = |p: u16| TcpListener::bind(SocketAddr::new(ip, p));
    let in_use = |e: &std::io::Error| e.kind() == std::io::ErrorKind::AddrInUse;
    match port {
        Some(p) => try_port(p).map_err(|e| {
            if in_use(&e) {
                ServeError::Failed(format!(
                    "port {p} on {interface} is already in use: stop the program using it or choose another port with --port"
                ))
            } else {
                ServeError::Failed(format!("cannot listen on {interface}:{p}: {e}"))
            }
        }),
        None => {
            let mut last = None;
            for p in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match try_port(p) {
                    Ok(l) => {
                        if p != DEFAULT_PORT {
                            eprintln!("port {DEFAULT_PORT} is in use; using port {p} instead");
                        }
                        return Ok(l);
                    }
                    Err(e) if in_use(&e) => last = Some(e),
                    Err(e) => {
                        return Err(ServeError::Failed(format!(
                            "cannot listen on {interface}:{p}: {e}"
                        )))
                    }
                }
            }
            Err(ServeError::Failed(format!(
                "ports {DEFAULT_PORT} to {} on {interface} are all in use ({}): choose one with --port",
                DEFAULT_PORT + PORT_TRIES - 1,
                last.map(|e| e.to_string()).unwrap_or_default()
            )))
        }
    }
}

fn resolve_interface(interface: &str) -> Result<IpAddr, ServeError> {
    let trimmed = interface.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(ip);
    }
    (trimmed, 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .map(|a| a.ip())
        .ok_or_else(|| {
            ServeError::Usage(format!(
                "--interface `{interface}` is not an IP address or a known host name"
            ))
        })
}

/// The URL to print and the `base_url` of serve builds. An unspecified interface
/// (`0.0.0.0`, `::`) gets a path-only base, so links work from whichever address the
/// browser used.
pub(super) fn urls(interface: &str, addr: SocketAddr) -> (String, String) {
    let port = addr.port();
    let host = match addr.ip() {
        ip if ip.is_unspecified() => {
            return (format!("http://127.0.0.1:{port}/"), "/".to_string());
        }
        IpAddr::V6(ip) if interface.parse::<IpAddr>().is_ok() || interface.starts_with('[') => {
            format!("[{ip}]")
        }
        IpAddr::V4(ip) if interface.parse::<IpAddr>().is_ok() => ip.to_string(),
        _ => interface.to_string(), // a host name such as `localhost`
    };
    let url = format!("http://{host}:{port}/");
    (url.clone(), url)
}

/// Opens the URL in the default browser; failing is only a warning.
pub(super) fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it; a non-zero exit (no browser) is a warning too.
            std::thread::spawn(move || {
                if let Ok(status) = child.wait() {
                    if !status.success() {
                        eprintln!(
                            "warning: could not open a browser ({status}); open the URL by hand"
                        );
                    }
                }
            });
        }
        Err(e) => eprintln!("warning: could not open a browser: {e}; open the URL by hand"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_interfaces() {
        let a: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        assert_eq!(
            urls("127.0.0.1", a),
            (
                "http://127.0.0.1:1111/".into(),
                "http://127.0.0.1:1111/".into()
            )
        );
        let a: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert_eq!(urls("0.0.0.0", a).1, "/");
        let a: SocketAddr = "[::1]:8000".parse().unwrap();
        assert_eq!(urls("::1", a).0, "http://[::1]:8000/");
        let a: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        assert_eq!(urls("localhost", a).0, "http://localhost:8000/");
    }
}
