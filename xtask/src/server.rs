//! A small static file server for `www/`, with the right MIME types (WebAssembly must be served
//! as `application/wasm`), no way out of the served folder, ETags so that a reload revalidates
//! with a `304 Not Modified` instead of downloading everything again, and compression as a static
//! host does it: the brotli and gzip copies the build writes beside the WebAssembly and the
//! glossary (compressed once, at the highest levels), and every other text file (scripts, style,
//! HTML, articles) compressed with brotli when first asked for, kept until the file changes.
//!
//! Built on hyper: every connection is served as soon as it is accepted. (tiny_http, used
//! before, hands connections to a thread pool that can lose a wake-up when a browser opens
//! several at once; a connection then waited behind long-lived keep-alive connections, and a
//! fresh browser's page load sometimes never finished.)

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderValue, ACCEPT_ENCODING, IF_NONE_MATCH};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

type Reply = Response<Full<Bytes>>;

/// A running server.
pub struct Server {
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `dir` on 127.0.0.1:`port` (0 picks a free port; a busy port tries the next ones).
    pub fn start(dir: &Path, port: u16) -> Result<Server, String> {
        let site = Arc::new(Site {
            dir: dir
                .canonicalize()
                .map_err(|e| format!("{}: {e}", dir.display()))?,
            compressed: Mutex::default(),
        });
        let listener = (0..20)
            .map(|i| if port == 0 { 0 } else { port.saturating_add(i) })
            .find_map(|p| std::net::TcpListener::bind(("127.0.0.1", p)).ok())
            .ok_or_else(|| format!("no free port from {port}"))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_io()
            .build()
            .map_err(|e| format!("server runtime: {e}"))?;
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::spawn(move || runtime.block_on(serve(listener, site, stopped)));
        Ok(Server {
            address,
            stop,
            thread,
        })
    }

    /// The `host:port` the server listens on.
    pub fn address(&self) -> String {
        self.address.to_string()
    }

    /// Blocks until the server stops.
    pub fn wait(self) {
        let _ = self.thread.join();
    }

    /// Stops the server.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// The served folder, and the text files compressed on demand so far: by path, the tag of the
/// file they were made from and the brotli bytes.
struct Site {
    dir: PathBuf,
    compressed: Mutex<HashMap<PathBuf, (String, Bytes)>>,
}

/// Accepts connections until `stopped`, each served on its own task.
async fn serve(
    listener: std::net::TcpListener,
    site: Arc<Site>,
    mut stopped: oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = &mut stopped => return,
        };
        // Without TCP_NODELAY the last part of a response waits for the browser's delayed ACK:
        // about 40 ms per file, paid again at each level of the page's module graph.
        let _ = stream.set_nodelay(true);
        let site = Arc::clone(&site);
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
                    let header = |name| {
                        request
                            .headers()
                            .get(name)
                            .and_then(|v: &HeaderValue| v.to_str().ok())
                    };
                    let reply = respond(
                        &site,
                        request.uri().path(),
                        header(IF_NONE_MATCH),
                        header(ACCEPT_ENCODING).unwrap_or(""),
                    );
                    async move { Ok::<_, Infallible>(reply) }
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A compressed copy of a file the build writes beside it, and the `Content-Encoding` it is sent
/// with; best first.
const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// The file at URL `path` under the site's folder, or its compressed copy: the build's
/// (`NAME.br`, `NAME.gz` beside the large files), the first of [`ENCODINGS`] that the browser's
/// `Accept-Encoding` takes and that is not older than the file; else, for a text file and a
/// browser that takes brotli, the file compressed here.
fn respond(site: &Site, path: &str, if_none_match: Option<&str>, accept_encoding: &str) -> Reply {
    let Some(file) = resolve(&site.dir, path) else {
        return text(StatusCode::NOT_FOUND, "not found");
    };
    let copy = ENCODINGS.iter().find_map(|&(encoding, extension)| {
        accepts(accept_encoding, encoding)
            .then(|| fresh_copy(&file, extension))
            .flatten()
            .map(|copy| (encoding, copy))
    });
    let sent = copy.as_ref().map_or(file.as_path(), |(_, copy)| copy);
    let Some(tag) = tag_of(sent) else {
        return text(StatusCode::NOT_FOUND, "not found");
    };
    let on_demand = copy.is_none() && is_text(&file) && accepts(accept_encoding, "br");
    // A compressed file is another representation: another tag.
    let tag = if on_demand {
        format!("{}-br\"", tag.trim_end_matches('"'))
    } else {
        tag
    };
    let fresh = Some(tag.as_str()) == if_none_match;
    let bytes = if fresh {
        Ok(Bytes::new())
    } else if on_demand {
        site.compressed_text(&file, &tag)
    } else {
        std::fs::read(sent).map(Bytes::from)
    };
    let Ok(bytes) = bytes else {
        return text(StatusCode::NOT_FOUND, "not found");
    };
    let encoding = copy
        .map(|(encoding, _)| encoding)
        .or(on_demand.then_some("br"));
    let mut reply = Response::builder()
        .status(if fresh {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        })
        .header("Content-Type", mime(&file))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache")
        .header("Vary", "Accept-Encoding")
        .header("ETag", &tag);
    if let Some(encoding) = encoding {
        reply = reply.header("Content-Encoding", encoding);
    }
    reply
        .body(Full::new(bytes))
        .unwrap_or_else(|_| text(StatusCode::INTERNAL_SERVER_ERROR, "bad header"))
}

impl Site {
    /// `file` compressed with brotli, made when first asked for (`tag` names the file's current
    /// bytes) and kept until the file changes.
    fn compressed_text(&self, file: &Path, tag: &str) -> std::io::Result<Bytes> {
        let cached = |site: &Site| {
            let compressed = site.compressed.lock().ok()?;
            let (made_from, bytes) = compressed.get(file)?;
            (made_from == tag).then(|| bytes.clone())
        };
        if let Some(bytes) = cached(self) {
            return Ok(bytes);
        }
        // Quality 9: close to the highest level's size for a fraction of its time, so that a
        // first request does not wait long (a 1.2 MB script takes about 0.1 s).
        let bytes = Bytes::from(brotli(&std::fs::read(file)?, 9)?);
        if let Ok(mut compressed) = self.compressed.lock() {
            compressed.insert(file.to_path_buf(), (tag.to_string(), bytes.clone()));
        }
        Ok(bytes)
    }
}

/// `bytes` compressed with brotli at `quality` (0–11), in one window up to 16 MB.
pub fn brotli(bytes: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// The file's ETag: its length and modification time, which change whenever a build rewrites it.
fn tag_of(file: &Path) -> Option<String> {
    let m = std::fs::metadata(file).ok()?;
    let modified = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some(format!("\"{:x}-{modified:x}\"", m.len()))
}

/// Whether a file is text that compresses (WebAssembly, fonts and images are left alone: the
/// large binaries have the build's copies, and fonts and pictures are compressed already).
fn is_text(file: &Path) -> bool {
    let mime = mime(file);
    mime.starts_with("text/")
        || mime.starts_with("application/json")
        || mime == "application/manifest+json"
        || mime == "image/svg+xml"
}

/// Where the copy of `file` compressed as `extension` (`br`, `gz`) goes: `NAME.br` beside it.
pub fn compressed_path(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// The copy of `file` compressed as `extension`, if the build wrote one and it is at least as
/// new as `file`.
fn fresh_copy(file: &Path, extension: &str) -> Option<PathBuf> {
    let copy = compressed_path(file, extension);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    (modified(&copy)? >= modified(file)?).then_some(copy)
}

/// Whether an `Accept-Encoding` header takes `encoding` (named, and not with `q=0`).
fn accepts(accept_encoding: &str, encoding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(encoding))
            && !parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            })
    })
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
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "tsv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn text(status: StatusCode, body: &'static str) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *reply.status_mut() = status;
    reply.headers_mut().insert(
        "Content-Type",
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(response: &Reply, name: &'static str) -> Option<String> {
        let value = response.headers().get(name)?;
        value.to_str().ok().map(str::to_string)
    }

    fn data_length(response: &Reply) -> Option<u64> {
        hyper::body::Body::size_hint(response.body()).exact()
    }

    #[test]
    fn sends_the_best_compressed_copy_the_browser_takes_and_only_while_it_is_fresh() {
        let dir = std::env::temp_dir().join(format!("hamish-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("glossary.bin");
        std::fs::write(&file, b"raw bytes").unwrap();
        std::fs::write(compressed_path(&file, "gz"), b"gzipped").unwrap();
        std::fs::write(compressed_path(&file, "br"), b"brotli").unwrap();
        let site = site(&dir);
        let sent = |accept_encoding| {
            let r = respond(&site, "/glossary.bin", None, accept_encoding);
            (header_of(&r, "Content-Encoding"), data_length(&r))
        };
        assert_eq!(
            sent("gzip, deflate, br, zstd"),
            (Some("br".into()), Some(6))
        );
        assert_eq!(sent("gzip, deflate"), (Some("gzip".into()), Some(7)));
        assert_eq!(sent("gzip, br;q=0"), (Some("gzip".into()), Some(7)));
        assert_eq!(sent("identity"), (None, Some(9)));
        assert_eq!(sent(""), (None, Some(9)));
        // A build that rewrote the file but not its copies: they are stale.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"new raw bytes").unwrap();
        assert_eq!(sent("gzip, br"), (None, Some(13)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn site(dir: &Path) -> Site {
        Site {
            dir: dir.canonicalize().unwrap(),
            compressed: Mutex::default(),
        }
    }

    #[test]
    fn compresses_text_files_on_demand_as_another_representation_and_again_when_they_change() {
        let dir = std::env::temp_dir().join(format!("hamish-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = "export const words = ['قسد', 'داعش'];\n".repeat(200);
        std::fs::write(dir.join("app.js"), &script).unwrap();
        std::fs::write(dir.join("font.woff2"), vec![7u8; 3000]).unwrap();
        let site = site(&dir);
        let get =
            |path, accept_encoding, tag: Option<&str>| respond(&site, path, tag, accept_encoding);
        let unbrotli = |r: &Reply| {
            let body = body_of(r);
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut body.as_slice(), &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let plain = get("/app.js", "gzip", None);
        assert_eq!(header_of(&plain, "Content-Encoding"), None);
        assert_eq!(data_length(&plain), Some(script.len() as u64));
        let packed = get("/app.js", "gzip, deflate, br", None);
        assert_eq!(header_of(&packed, "Content-Encoding"), Some("br".into()));
        assert!(data_length(&packed).unwrap() < script.len() as u64 / 10);
        assert_eq!(unbrotli(&packed), script);
        let (plain_tag, packed_tag) = (
            header_of(&plain, "ETag").unwrap(),
            header_of(&packed, "ETag").unwrap(),
        );
        assert_ne!(plain_tag, packed_tag);
        assert_eq!(
            get("/app.js", "br", Some(&packed_tag)).status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(
            get("/app.js", "br", Some(&plain_tag)).status(),
            StatusCode::OK
        );
        // Fonts are compressed already: sent as they are.
        assert_eq!(
            header_of(&get("/font.woff2", "br", None), "Content-Encoding"),
            None
        );
        // A changed file is compressed again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("app.js"), "export {};").unwrap();
        let changed = get("/app.js", "br", None);
        assert_eq!(unbrotli(&changed), "export {};");
        assert_ne!(header_of(&changed, "ETag").unwrap(), packed_tag);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The whole body of a reply built here (a `Full` body: one frame).
    fn body_of(reply: &Reply) -> Vec<u8> {
        use http_body_util::BodyExt as _;
        let body = reply.body().clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime
            .block_on(body.collect())
            .map(|collected| collected.to_bytes().to_vec())
            .unwrap_or_default()
    }

    /// A browser opens several connections at once and keeps them open: each must be answered
    /// while the others are still open.
    #[test]
    fn answers_every_connection_of_a_burst_while_the_others_stay_open() {
        use std::io::{BufRead, BufReader, Write};
        let dir = std::env::temp_dir().join(format!("hamish-burst-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.js"), "export {};").unwrap();
        let server = Server::start(&dir, 0).unwrap();
        for _ in 0..20 {
            let connections: Vec<_> = (0..12)
                .map(|_| std::net::TcpStream::connect(server.address()).unwrap())
                .collect();
            for mut c in &connections {
                c.write_all(b"GET /a.js HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                    .unwrap();
            }
            for c in &connections {
                c.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                    .unwrap();
                let mut status = String::new();
                BufReader::new(c).read_line(&mut status).unwrap();
                assert_eq!(status.trim_end(), "HTTP/1.1 200 OK");
            }
        }
        server.stop();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
