//! A scripted HTTP/1.1 server on 127.0.0.1 for the integration tests, and clients that talk
//! to it with short timeouts.
//!
//! The server answers each connection's one request from a queue of [`Reply`]s, always with
//! `Connection: close`, and records the exact bytes of every request it read.
//!
//! Most tests talk to the emulator instead ([`emu`]): a local Slack with real cursor
//! pagination, Slack's own errors, scripted answers and faults (a Slack error, a success
//! body, a 429 with `Retry-After` in seconds, a 5xx, an HTML page, a dropped connection,
//! latency) and the calls it received. This server is still for what the emulator cannot
//! give or see:
//!
//! - the exact bytes of a request: the request line and query, headers (`Authorization`,
//!   `User-Agent`, `Content-Length`), the body (JSON, form, multipart), that the token is
//!   nowhere but its header (the emulator never records a `token` argument), that nothing
//!   is sent at all, or to another host;
//! - answers no HTTP server of Slack's would write: malformed, empty or non-UTF-8 bodies,
//!   bodies of an exact size or over the client's cap, chunked encodings (valid or not),
//!   a `Content-Length` that lies or is not a number, raw bytes that are not HTTP, a
//!   status line that is not one, 1xx/204/299/418 statuses, redirects;
//! - a JSON Slack error with a non-2xx status, any header or body echoing the token;
//! - a `Retry-After` that is missing, garbage, an HTTP date or past `u64`;
//! - broken connections: a reset (RST), a stall after the head or mid-body.

// Each test file uses its own part of this module.
#![allow(dead_code)]

pub mod emu;
pub mod redis_server;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_api::{Client, ClientBuilder, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The token every test client uses: long and distinctive, so that finding it anywhere is
/// meaningful.
pub const TOKEN: &str = "xoxp-1234567890-0987654321-S3CR3T-t0k3n-abcdef";

/// Panics if `text` holds the token or any run of 8 of its characters.
#[track_caller]
pub fn assert_no_token(text: &str) {
    for piece in TOKEN.as_bytes().windows(8) {
        let piece = std::str::from_utf8(piece).expect("the token is ASCII");
        assert!(
            !text.contains(piece),
            "a piece of the token, {piece:?}, is in:\n{text}"
        );
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long after reading the request before answering.
    pub delay: Duration,
    /// Wait this long between the head and the body.
    pub body_delay: Duration,
    /// Send the body with `Transfer-Encoding: chunked` (no `Content-Length`).
    pub chunked: bool,
    /// Send this `Content-Length` instead of the body's length.
    pub content_length: Option<u64>,
    /// Close the connection without answering at all.
    pub hang_up: bool,
    /// Write exactly these bytes instead of a well-formed answer (the fields above that
    /// shape an answer are then unused).
    pub raw: Option<Vec<u8>>,
    /// What the server does once it has written its answer.
    pub end: End,
}

/// How a connection ends after the answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// A clean close (FIN).
    Close,
    /// A reset (RST): the socket is dropped with a zero linger.
    Reset,
    /// Nothing more for this long, the connection open, then a close.
    Stall(Duration),
}

impl Reply {
    /// An answer with this status and body, and no other header than those the server adds.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
            body_delay: Duration::ZERO,
            chunked: false,
            content_length: None,
            hang_up: false,
            raw: None,
            end: End::Close,
        }
    }

    /// These bytes, written as they are: a broken answer of any kind.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Reply {
            raw: Some(bytes.into()),
            ..Reply::new(0, "")
        }
    }

    pub fn end(mut self, end: End) -> Self {
        self.end = end;
        self
    }

    /// HTTP 200 with a JSON body, as Slack answers.
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        Reply::new(200, body).header("Content-Type", "application/json; charset=utf-8")
    }

    /// HTTP 429, with `Retry-After` when given.
    pub fn rate_limited(retry_after: Option<&str>) -> Self {
        let reply = Reply::new(429, r#"{"ok":false,"error":"ratelimited"}"#)
            .header("Content-Type", "application/json; charset=utf-8");
        match retry_after {
            Some(value) => reply.header("Retry-After", value),
            None => reply,
        }
    }

    /// Reads the request, then closes the connection without a word.
    pub fn hang_up() -> Self {
        Reply {
            hang_up: true,
            ..Reply::new(0, "")
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn body_delay(mut self, delay: Duration) -> Self {
        self.body_delay = delay;
        self
    }

    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    pub fn content_length(mut self, len: u64) -> Self {
        self.content_length = Some(len);
        self
    }
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Every byte of the request: request line, headers, blank line and body.
    pub raw: Vec<u8>,
    /// The request line, without its CRLF: `GET /api/x?y=z HTTP/1.1`.
    pub request_line: String,
    /// The header lines as sent (names in the case the client wrote them).
    pub headers: Vec<(String, String)>,
    /// The body: exactly `Content-Length` bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of the one header of this name (case-insensitive); panics if it is repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let first = values.next();
        assert!(values.next().is_none(), "header {name} is repeated");
        first
    }

    pub fn body_str(&self) -> &str {
        std::str::from_utf8(&self.body).expect("the body is UTF-8")
    }

    pub fn raw_str(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// The path and query of the request line.
    pub fn target(&self) -> &str {
        self.request_line
            .split(' ')
            .nth(1)
            .expect("the request line has a target")
    }
}

#[derive(Default)]
struct State {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Server {
    /// Starts a server on 127.0.0.1 with a free port, answering with `replies` in order. A
    /// request beyond the script gets HTTP 500 `unscripted request` (and is recorded).
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State::default());
        state.replies.lock().unwrap().extend(replies);
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(socket, shared.clone()));
            }
        });
        Server { addr, state, task }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>/api/`
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// The only request read so far; panics unless there was exactly one.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "requests: {requests:#?}");
        requests.into_iter().next().unwrap()
    }

    /// Replies not used yet.
    pub fn replies_left(&self) -> usize {
        self.state.replies.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut socket: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    state.requests.lock().unwrap().push(request);
    let reply = state.replies.lock().unwrap().pop_front();
    let reply = reply.unwrap_or_else(|| Reply::new(500, "unscripted request"));
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    if reply.hang_up {
        return; // dropping the socket closes it
    }
    // Write errors are ignored: a client may rightly stop reading (a body over its limit, a
    // timeout) and close its end.
    let _ = match &reply.raw {
        Some(raw) => write_flush(&mut socket, raw).await,
        None => write_reply(&mut socket, &reply).await,
    };
    match reply.end {
        End::Close => {
            let _ = socket.shutdown().await;
        }
        End::Reset => {
            #[allow(deprecated)] // a zero linger never blocks: it is what makes the RST
            let _ = socket.set_linger(Some(Duration::ZERO));
            drop(socket);
        }
        End::Stall(time) => {
            tokio::time::sleep(time).await;
            let _ = socket.shutdown().await;
        }
    }
}

async fn write_flush(socket: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    socket.write_all(bytes).await?;
    socket.flush().await
}

async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end])
        .expect("the request head is UTF-8")
        .to_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line has a colon");
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    let len = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| {
            v.parse::<usize>().expect("a numeric Content-Length")
        });
    let body_start = head_end + 4;
    while buf.len() < body_start + len {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(
        buf.len(),
        body_start + len,
        "the client sent more than one request or more than Content-Length"
    );
    Some(Recorded {
        body: buf[body_start..].to_vec(),
        raw: buf,
        request_line,
        headers,
    })
}

async fn write_reply(socket: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} Scripted\r\nConnection: close\r\n",
        reply.status
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if reply.chunked {
        head.push_str("Transfer-Encoding: chunked\r\n");
    } else {
        let len = reply.content_length.unwrap_or(reply.body.len() as u64);
        head.push_str(&format!("Content-Length: {len}\r\n"));
    }
    head.push_str("\r\n");
    socket.write_all(head.as_bytes()).await?;
    if !reply.body_delay.is_zero() {
        socket.flush().await?;
        tokio::time::sleep(reply.body_delay).await;
    }
    if reply.chunked {
        for piece in reply.body.chunks(8 * 1024) {
            socket
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .await?;
            socket.write_all(piece).await?;
            socket.write_all(b"\r\n").await?;
        }
        socket.write_all(b"0\r\n\r\n").await?;
    } else {
        socket.write_all(&reply.body).await?;
    }
    socket.flush().await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A policy with every wait short, so retries take milliseconds.
pub fn fast_policy() -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.max_attempts = 3;
    policy.max_total_wait = Duration::from_secs(5);
    policy.default_retry_after = Duration::from_millis(20);
    policy.base_backoff = Duration::from_millis(10);
    policy.max_backoff = Duration::from_millis(40);
    policy
}

/// A builder aimed at `server`, with [`TOKEN`], [`fast_policy`] and a 5 s timeout.
pub fn builder(server: &Server) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
        .retry_policy(fast_policy())
        // These tests check the wire and the retries, with scripted answers and 429s: no
        // pacing (no `auth.test` to learn the workspace, no waiting); tests/pacing*.rs
        // test it.
        .pacing(false)
}

/// [`builder`], built.
pub fn client(server: &Server) -> Client {
    builder(server).build().expect("the client builds")
}

/// Bounds a test's call so that a retry loop gone wrong fails instead of hanging.
pub async fn bounded<F: std::future::IntoFuture>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the call finished within 10 s")
}

/// Records every span, field and event as text lines.
#[derive(Default, Clone)]
pub struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Capture {
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        self.push(format!("span#{id} {}{}", span.metadata().name(), fields.0));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.push(format!("record#{}{}", span.into_u64(), fields.0));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.push(format!("event {}{}", event.metadata().level(), fields.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
