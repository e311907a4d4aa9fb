//! `detente serve`: start the explorer and say where it is.

use crate::Failure;
use crate::args::ServeArgs;
use crate::output;
use anyhow::anyhow;
use std::net::SocketAddr;

pub fn serve(args: ServeArgs) -> Result<(), Failure> {
    let addr = SocketAddr::new(args.host, args.port);
    let limits = detente_serve::Limits {
        loopback_names_only: args.host.is_loopback(),
        ..detente_serve::Limits::default()
    };
    let ready = |bound: SocketAddr| {
        let text = if bound.ip().is_unspecified() {
            format!(
                "detente explorer: listening on {bound}; open http://<this machine's address>:{}/ (Ctrl-C stops it)\n",
                bound.port()
            )
        } else {
            format!("detente explorer: http://{bound}/ (Ctrl-C stops it)\n")
        };
        let _ = output::print(&text);
    };
    detente_serve::serve_blocking(addr, limits, ready).map_err(|e| match e {
        detente_serve::ServeError::Bind { .. } => Failure::BadInput(anyhow!(e)),
        other => Failure::Internal(anyhow!(other)),
    })
}
