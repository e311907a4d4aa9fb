//! The page itself, compiled into the binary, and the headers every answer carries.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("../static/index.html");
const SCRIPT: &str = include_str!("../static/app.js");
const GAME_SCRIPT: &str = include_str!("../static/game.js");
const STYLE: &str = include_str!("../static/style.css");

/// Scripts and styles from this server only (no inline script: text that slipped through
/// unescaped could not run), SVG and data images, the report in a frame of the page's own
/// (`srcdoc`, which needs its inline style), and nothing may frame the explorer.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

/// `GET /`.
pub async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX)
}

/// `GET /app.js`.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// `GET /game.js`: the seat at the table.
pub async fn game_script() -> Response {
    asset("text/javascript; charset=utf-8", GAME_SCRIPT)
}

/// `GET /style.css`.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// Whether a `Host` header names this machine by loopback name or by IP address.
fn loopback_or_ip(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        // `[::1]:8080`, `127.0.0.1:8080`, `localhost:8080`; a bare IPv6 literal has
        // colons too, but comes in brackets in a Host header.
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// Refuse requests addressed by a foreign host name (see
/// [`crate::Limits::loopback_names_only`]) and add the security headers to every answer.
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.limits.loopback_names_only {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !loopback_or_ip(host) {
            return (
                StatusCode::FORBIDDEN,
                "detente serve answers only requests to localhost or an IP address\n",
            )
                .into_response();
        }
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_pass_other_names_do_not() {
        for ok in [
            "localhost:8080",
            "LOCALHOST",
            "127.0.0.1:3000",
            "[::1]:80",
            "192.168.1.20:8080",
        ] {
            assert!(loopback_or_ip(ok), "{ok}");
        }
        for bad in ["evil.example:8080", "localhost.evil.example", "", "x:y"] {
            assert!(!loopback_or_ip(bad), "{bad}");
        }
    }
}
