//! Uploading files the way Slack now requires (`files.upload` was retired on 2025-11-12):
//! for each file, `files.getUploadURLExternal`, then its bytes POSTed to the URL that gives
//! (a file on disk or any async reader is streamed, never read whole), then one `files.completeUploadExternal`
//! for all of them, with titles, the channel, the thread and the initial comment. Files go
//! up a few at a time, concurrently. The two methods are called by name through
//! [`Client::call_raw`], so the helper does not need the `files` family compiled in.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::stream::{self, StreamExt as _};
use tokio::io::{AsyncRead, AsyncReadExt as _};

use crate::Client;

/// What an upload gives: the completed files, in the order given.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Uploaded {
    pub files: Vec<UploadedFile>,
}

/// One completed file: its id and title, and the file object as Slack returned it
/// (`serde_json::from_value::<slack_api::types::File>` gives every field typed).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadedFile {
    pub id: String,
    pub title: Option<String>,
    pub raw: serde_json::Value,
}

/// One file to upload: its bytes, a file on disk or an async reader (both streamed), its
/// name, and optionally a title and alt text.
pub struct UploadFile {
    filename: String,
    title: Option<String>,
    alt_txt: Option<String>,
    source: Source,
}

enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
    Reader {
        reader: Box<dyn AsyncRead + Send + Unpin>,
        length: u64,
    },
}

impl UploadFile {
    /// A file made of these bytes, named `filename`.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(filename.into(), Source::Bytes(bytes.into()))
    }

    /// A file on disk, streamed when sent; named after its last path component.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        Self::new(filename, Source::Path(path))
    }

    /// A file read from `reader` while it is sent, never held whole: exactly `length`
    /// bytes (Slack asks for the length first). A reader that ends early fails the upload
    /// at [`UploadStep::SendBytes`]; bytes past `length` are not read.
    ///
    /// ```no_run
    /// # async fn f(client: &slack_api::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let file = tokio::fs::File::open("report.csv").await?;
    /// let length = file.metadata().await?.len();
    /// let upload = slack_api::UploadFile::from_reader("report.csv", length, file);
    /// client.upload_files([upload]).channel("C0123456789").await?;
    /// # Ok(()) }
    /// ```
    pub fn from_reader(
        filename: impl Into<String>,
        length: u64,
        reader: impl AsyncRead + Send + Unpin + 'static,
    ) -> Self {
        let reader = Box::new(reader);
        Self::new(filename.into(), Source::Reader { reader, length })
    }

    fn new(filename: String, source: Source) -> Self {
        UploadFile {
            filename,
            title: None,
            alt_txt: None,
            source,
        }
    }

    /// The name the file gets in Slack.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// A description of an image, for screen readers.
    pub fn alt_txt(mut self, alt_txt: impl Into<String>) -> Self {
        self.alt_txt = Some(alt_txt.into());
        self
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => path.display().to_string(),
            Source::Reader { length, .. } => format!("a reader of {length} bytes"),
        };
        f.debug_struct("UploadFile")
            .field("filename", &self.filename)
            .field("title", &self.title)
            .field("source", &source)
            .finish()
    }
}

/// The step of an upload that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UploadStep {
    /// Reading the file from disk.
    Read,
    /// `files.getUploadURLExternal`.
    GetUploadUrl,
    /// Sending the bytes to the upload URL.
    SendBytes,
    /// `files.completeUploadExternal`.
    Complete,
}

/// Why an upload failed: which file (none for `Complete`), at which step, and the files
/// whose bytes were sent but never completed (they are not shared anywhere; Slack drops
/// them).
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadError {
    pub filename: Option<String>,
    pub step: UploadStep,
    /// The ids of the files whose bytes went up but were not completed.
    pub not_completed: Vec<String>,
    pub message: String,
    /// The underlying error (the Web API's, for a step that is a call).
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.filename {
            Some(name) => write!(f, "uploading {name:?}: {:?}: {}", self.step, self.message)?,
            None => write!(f, "completing the upload: {}", self.message)?,
        }
        if !self.not_completed.is_empty() {
            write!(
                f,
                " ({} file(s) sent but not completed)",
                self.not_completed.len()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// An upload being prepared: see [`Client::upload_files`].
#[must_use = "an upload does nothing until it is awaited"]
pub struct UploadFiles<'a> {
    client: &'a Client,
    files: Vec<UploadFile>,
    channel_id: Option<String>,
    thread_ts: Option<String>,
    initial_comment: Option<String>,
    concurrency: usize,
}

impl Client {
    /// Uploads files as Slack's SDKs do (`files.getUploadURLExternal` per file, the bytes,
    /// one `files.completeUploadExternal`), and shares them into a channel or thread when
    /// one is set. Three files go up at a time unless [`concurrency`](UploadFiles::concurrency)
    /// says otherwise.
    pub fn upload_files(&self, files: impl IntoIterator<Item = UploadFile>) -> UploadFiles<'_> {
        UploadFiles {
            client: self,
            files: files.into_iter().collect(),
            channel_id: None,
            thread_ts: None,
            initial_comment: None,
            concurrency: 3,
        }
    }
}

impl<'a> UploadFiles<'a> {
    /// Shares the files into this channel.
    pub fn channel(mut self, channel_id: impl Into<String>) -> Self {
        self.channel_id = Some(channel_id.into());
        self
    }

    /// Shares the files as a reply in this thread (with [`channel`](Self::channel)).
    pub fn thread_ts(mut self, thread_ts: impl Into<String>) -> Self {
        self.thread_ts = Some(thread_ts.into());
        self
    }

    /// The message that introduces the files.
    pub fn initial_comment(mut self, text: impl Into<String>) -> Self {
        self.initial_comment = Some(text.into());
        self
    }

    /// How many files go up at once (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Runs the upload.
    pub async fn send(self) -> Result<Uploaded, UploadError> {
        let client = self.client;
        let results: Vec<Result<(String, Option<String>), UploadError>> = stream::iter(self.files)
            .map(|file| send_one(client, file))
            .buffered(self.concurrency)
            .collect()
            .await;
        let mut sent: Vec<(String, Option<String>)> = Vec::new();
        let mut first_error = None;
        for result in results {
            match result {
                Ok(file) => sent.push(file),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(mut error) = first_error {
            error.not_completed = sent.into_iter().map(|(id, _)| id).collect();
            return Err(error);
        }
        let files: Vec<serde_json::Value> = sent
            .iter()
            .map(|(id, title)| match title {
                Some(title) => serde_json::json!({"id": id, "title": title}),
                None => serde_json::json!({"id": id}),
            })
            .collect();
        let mut args = serde_json::json!({ "files": files });
        let fields = [
            ("channel_id", self.channel_id),
            ("thread_ts", self.thread_ts),
            ("initial_comment", self.initial_comment),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                args[name] = serde_json::Value::String(value);
            }
        }
        let not_completed = || sent.iter().map(|(id, _)| id.clone()).collect();
        let failed = |message: String, source: Option<Box<dyn std::error::Error + Send + Sync>>| {
            UploadError {
                filename: None,
                step: UploadStep::Complete,
                not_completed: not_completed(),
                message,
                source,
            }
        };
        let body = client
            .call_raw("files.completeUploadExternal", args)
            .await
            .map_err(|e| failed(e.to_string(), Some(Box::new(e))))?;
        let files = body["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .map(|f| UploadedFile {
                        id: f["id"].as_str().unwrap_or_default().to_owned(),
                        title: f["title"].as_str().map(str::to_owned),
                        raw: f.clone(),
                    })
                    .collect()
            })
            .ok_or_else(|| failed("files.completeUploadExternal: no `files` list".into(), None))?;
        Ok(Uploaded { files })
    }
}

impl<'a> IntoFuture for UploadFiles<'a> {
    type Output = Result<Uploaded, UploadError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// One file: its upload URL, then its bytes. Gives its id and title.
async fn send_one(
    client: &Client,
    file: UploadFile,
) -> Result<(String, Option<String>), UploadError> {
    let UploadFile {
        filename,
        title,
        alt_txt,
        source,
    } = file;
    let failed = |step, message: String, source| UploadError {
        filename: Some(filename.clone()),
        step,
        not_completed: Vec::new(),
        message,
        source,
    };
    let (body, length) = match source {
        Source::Bytes(bytes) => {
            let length = bytes.len() as u64;
            (reqwest::Body::from(bytes), length)
        }
        Source::Path(path) => {
            let opened = tokio::fs::File::open(&path).await;
            let handle = opened.map_err(|e| failed(UploadStep::Read, e.to_string(), None))?;
            let meta = handle.metadata().await;
            let length = meta
                .map_err(|e| failed(UploadStep::Read, e.to_string(), None))?
                .len();
            (streamed(handle, length), length)
        }
        Source::Reader { reader, length } => (streamed(reader, length), length),
    };
    let mut args = serde_json::json!({ "filename": filename, "length": length });
    if let Some(alt) = &alt_txt {
        args["alt_txt"] = serde_json::Value::String(alt.clone());
    }
    let ticket = client
        .call_raw("files.getUploadURLExternal", args)
        .await
        .map_err(|e| {
            let message = e.to_string();
            failed(UploadStep::GetUploadUrl, message, Some(Box::new(e)))
        })?;
    let (Some(upload_url), Some(file_id)) =
        (ticket["upload_url"].as_str(), ticket["file_id"].as_str())
    else {
        let message = "the answer has no upload_url and file_id".to_owned();
        return Err(failed(UploadStep::GetUploadUrl, message, None));
    };
    // The upload URL is signed for this file: the token does not go there.
    let response = client
        .http()
        .post(upload_url)
        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
        .body(body)
        .send()
        .await
        .map_err(|e| {
            failed(
                UploadStep::SendBytes,
                crate::redact::scrub(&e.to_string(), client.secret()),
                None,
            )
        })?;
    if !response.status().is_success() {
        let status = response.status().as_u16();
        return Err(failed(
            UploadStep::SendBytes,
            format!("the upload URL answered HTTP {status}"),
            None,
        ));
    }
    Ok((file_id.to_owned(), title))
}

/// A body read from `reader` chunk by chunk: exactly `length` bytes, or an error at the end
/// of a reader that gave fewer (so the upload URL never gets a short file as a whole one).
fn streamed(reader: impl AsyncRead + Send + Unpin + 'static, length: u64) -> reqwest::Body {
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let chunks = tokio_util::io::ReaderStream::new(reader.take(length)).inspect(move |chunk| {
        if let Ok(chunk) = chunk {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
    });
    let short = stream::once(async move {
        let n = sent.load(Ordering::Relaxed);
        (n < length).then(|| {
            let message = format!("the file ended after {n} of its {length} bytes");
            Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                message,
            ))
        })
    })
    .filter_map(std::future::ready);
    reqwest::Body::wrap_stream(chunks.chain(short))
}
