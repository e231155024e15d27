//! A small static file server for `www/`, with the right MIME types (WebAssembly must be served
//! as `application/wasm`), no way out of the served folder, a thread per request (a page fetches
//! its modules, WebAssembly and glossary in parallel), ETags so that a reload revalidates with a
//! `304 Not Modified` instead of downloading everything again, and the gzipped copies the build
//! writes beside the WebAssembly and the glossary (as a static host would compress them).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Response};

/// A running server.
pub struct Server {
    inner: Arc<tiny_http::Server>,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `dir` on 127.0.0.1:`port` (0 picks a free port; a busy port tries the next ones).
    pub fn start(dir: &Path, port: u16) -> Result<Server, String> {
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let inner = (0..20)
            .map(|i| if port == 0 { 0 } else { port.saturating_add(i) })
            .find_map(|p| std::net::TcpListener::bind(("127.0.0.1", p)).ok())
            .ok_or_else(|| format!("no free port from {port}"))?;
        // Without TCP_NODELAY (which accepted connections inherit from the listener), the last
        // part of a response waits for the browser's delayed ACK: about 40 ms per file, paid
        // again at each level of the page's module graph.
        socket2::SockRef::from(&inner)
            .set_nodelay(true)
            .map_err(|e| format!("TCP_NODELAY: {e}"))?;
        let inner = tiny_http::Server::from_listener(inner, None).map_err(|e| e.to_string())?;
        let inner = Arc::new(inner);
        let serving = Arc::clone(&inner);
        // One thread per request: tiny_http writes the responses of one connection in order, so
        // a fixed pool can end up with every thread waiting behind a request no thread holds.
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let header = |name: &'static str| {
                        request
                            .headers()
                            .iter()
                            .find(|h| h.field.equiv(name))
                            .map(|h| h.value.to_string())
                    };
                    let tag = header("If-None-Match");
                    let gzip = header("Accept-Encoding").is_some_and(|v| v.contains("gzip"));
                    let response = respond(&dir, request.url(), tag.as_deref(), gzip);
                    let _ = request.respond(response);
                });
            }
        });
        Ok(Server { inner, thread })
    }

    /// The `host:port` the server listens on.
    pub fn address(&self) -> String {
        self.inner
            .server_addr()
            .to_ip()
            .map_or_else(|| "127.0.0.1".into(), |a| a.to_string())
    }

    /// Blocks until the server stops.
    pub fn wait(self) {
        let _ = self.thread.join();
    }

    /// Stops the server.
    pub fn stop(self) {
        self.inner.unblock();
        self.wait();
    }
}

/// The file at `url` under `dir`, or its gzipped copy (`NAME.gz`, written by the build beside
/// the large files) when the browser `accepts_gzip` and the copy is not older than the file.
fn respond(
    dir: &Path,
    url: &str,
    if_none_match: Option<&str>,
    accepts_gzip: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(dir, path) else {
        return text(404, "not found");
    };
    let gzipped = accepts_gzip.then(|| gzipped_copy(&file)).flatten();
    let sent = gzipped.as_deref().unwrap_or(&file);
    // The file's length and modification time: changes whenever a build rewrites it.
    let tag = std::fs::metadata(sent).ok().map(|m| {
        let modified = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("\"{:x}-{modified:x}\"", m.len())
    });
    let fresh = tag.is_some() && tag.as_deref() == if_none_match;
    let bytes = if fresh {
        Ok(Vec::new())
    } else {
        std::fs::read(sent)
    };
    match bytes {
        Ok(bytes) => {
            let mut response = Response::from_data(bytes)
                .with_status_code(if fresh { 304 } else { 200 })
                .with_header(header("Content-Type", mime(&file)));
            response.add_header(header("X-Content-Type-Options", "nosniff"));
            response.add_header(header("Cache-Control", "no-cache"));
            if let Some(tag) = &tag {
                response.add_header(header("ETag", tag));
            }
            if gzipped.is_some() {
                response.add_header(header("Content-Encoding", "gzip"));
            }
            response.add_header(header("Vary", "Accept-Encoding"));
            response
        }
        Err(_) => text(404, "not found"),
    }
}

/// Where the gzipped copy of `file` goes: `NAME.gz` beside it.
pub fn gzip_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".gz");
    PathBuf::from(name)
}

/// The gzipped copy of `file`, if the build wrote one and it is at least as new as `file`.
fn gzipped_copy(file: &Path) -> Option<PathBuf> {
    let copy = gzip_path(file);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    (modified(&copy)? >= modified(file)?).then_some(copy)
}

/// Maps a URL path to a file under `dir`, refusing anything that would leave it.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let file = file.canonicalize().ok()?;
    file.starts_with(dir).then_some(file)
}

fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "tsv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(
        response: &Response<std::io::Cursor<Vec<u8>>>,
        name: &'static str,
    ) -> Option<String> {
        response
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.to_string())
    }

    #[test]
    fn sends_the_gzipped_copy_only_to_a_browser_that_accepts_it_and_only_while_it_is_fresh() {
        let dir = std::env::temp_dir().join(format!("hamish-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("glossary.bin");
        std::fs::write(&file, b"raw bytes").unwrap();
        std::fs::write(gzip_path(&file), b"gzipped").unwrap();
        let sent = |gzip| {
            let r = respond(&dir, "/glossary.bin?v=1", None, gzip);
            (header_of(&r, "Content-Encoding"), r.data_length())
        };
        assert_eq!(sent(true), (Some("gzip".into()), Some(7)));
        assert_eq!(sent(false), (None, Some(9)));
        // A build that rewrote the file but not its copy: the copy is stale.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"new raw bytes").unwrap();
        assert_eq!(sent(true), (None, Some(13)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
