//! Cursor pagination, for every method whose spec declares it.

use std::collections::HashSet;
use std::fmt;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::{Call, Client, Error, ErrorCode, Method, Token};

/// A method that pages with a cursor: generated from the spec's `pagination`.
pub trait Paginated: Method + Clone {
    /// One item of a page.
    type Item: Send + 'static;

    /// Sets the cursor of the page to fetch.
    fn set_cursor(&mut self, cursor: String);
    /// The cursor the request carries, if any.
    fn cursor(&self) -> Option<&str>;
    /// The next page's cursor, if the response names one.
    fn next_cursor(response: &Self::Response) -> Option<&str>;
    /// The page's typed items. Elements that did not fit the item type (a list's
    /// [`odd`](crate::List::odd) ones) are not items: the decoding's `tracing` warning
    /// names them (`….channels[3]`), and [`Call::pages`] yields each page whole.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// A page that could not be fetched, and where to resume: the error item of
/// [`Call::pages`] and [`Call::all_items`].
///
/// [`cursor`](Self::cursor) is the cursor the failed request carried: send the same call
/// again with `.cursor(cursor)` to retry that page and go on from there. It is `None` when
/// the first page of a call without a cursor failed: then send the call as it was built. Everything before the failed
/// page was already yielded, so nothing is lost or repeated.
///
/// `?` converts it into the plain [`Error`] (dropping the cursor), and its `Display` is the
/// error's. Its `Debug` shows the cursor scrubbed of the token, like every error of this
/// crate.
///
/// ```no_run
/// # async fn run(client: slack_api::Client) {
/// use futures_util::StreamExt;
/// let mut cursor: Option<String> = None;
/// loop {
///     let mut call = client.conversations_list().limit(200);
///     if let Some(c) = cursor.take() {
///         call = call.cursor(c);
///     }
///     let mut items = std::pin::pin!(call.all_items());
///     while let Some(item) = items.next().await {
///         match item {
///             Ok(channel) => println!("{}", channel.id),
///             Err(e) if e.error().is_transient() => {
///                 cursor = e.cursor().map(str::to_owned); // resume from the failed page
///                 break;
///             }
///             Err(e) => panic!("{e}"),
///         }
///     }
///     if cursor.is_none() {
///         break;
///     }
/// }
/// # }
/// ```
pub struct PageError<E: ErrorCode> {
    cursor: Option<String>,
    /// The cursor as `Debug` shows it: scrubbed of the token.
    shown_cursor: Option<String>,
    error: Error<E>,
}

impl<E: ErrorCode> PageError<E> {
    fn new(cursor: Option<String>, error: Error<E>, token: &Token) -> Self {
        let shown_cursor = cursor
            .as_deref()
            .map(|c| crate::redact::scrub(c, token.expose()));
        PageError {
            cursor,
            shown_cursor,
            error,
        }
    }

    /// The cursor of the page that failed, to resume from; `None` for the first page of a
    /// call that had no cursor of its own.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// Why the page failed.
    pub fn error(&self) -> &Error<E> {
        &self.error
    }

    /// The error, without the cursor.
    pub fn into_error(self) -> Error<E> {
        self.error
    }

    /// The cursor and the error.
    pub fn into_parts(self) -> (Option<String>, Error<E>) {
        (self.cursor, self.error)
    }
}

impl<E: ErrorCode> fmt::Debug for PageError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageError")
            .field("cursor", &self.shown_cursor)
            .field("error", &self.error)
            .finish()
    }
}

impl<E: ErrorCode> fmt::Display for PageError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<E: ErrorCode> std::error::Error for PageError<E> {
    /// The error's own source: `Display` already shows the error itself.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl<E: ErrorCode> From<PageError<E>> for Error<E> {
    fn from(e: PageError<E>) -> Self {
        e.error
    }
}

/// Pages of `request`, following cursors until one is empty or absent. The page size and
/// every other argument stay as the request sets them. Stops after an error (which carries
/// the cursor to resume from), and when Slack hands back a cursor it gave before (a loop
/// would otherwise never end).
fn pages<'a, R: Paginated + 'a>(
    client: &'a Client,
    request: R,
    token: Option<Token>,
) -> impl Stream<Item = Result<R::Response, PageError<R::Error>>> + Send + 'a {
    let start = PageState {
        // A call that starts from a cursor of the caller's resumes from there too.
        cursor: request.cursor().map(str::to_owned),
        request,
        seen: HashSet::new(),
    };
    stream::unfold(Some(start), move |state| {
        let token = token.clone();
        async move {
            let PageState {
                request,
                cursor,
                mut seen,
            } = state?;
            match client.execute(&request, token.as_ref()).await {
                Ok(page) => {
                    let next = R::next_cursor(&page)
                        .filter(|next| !next.is_empty() && !seen.contains(*next))
                        .map(str::to_owned);
                    let state = next.map(|next| {
                        let mut request = request;
                        request.set_cursor(next.clone());
                        seen.insert(next.clone());
                        PageState {
                            request,
                            cursor: Some(next),
                            seen,
                        }
                    });
                    Some((Ok(page), state))
                }
                Err(e) => {
                    let secret = token.as_ref().unwrap_or(client.token());
                    Some((Err(PageError::new(cursor, e, secret)), None))
                }
            }
        }
    })
}

/// The request for the next page, the cursor it carries (none for the first), and every
/// cursor followed so far.
struct PageState<R> {
    request: R,
    cursor: Option<String>,
    seen: HashSet<String>,
}

impl<'a, R: Paginated + 'a> Call<'a, R> {
    /// Every page, as a stream; the first one is what [`send`](Call::send) would give. The
    /// stream ends after the first error, a [`PageError`] that carries the cursor to resume
    /// from.
    pub fn pages(self) -> impl Stream<Item = Result<R::Response, PageError<R::Error>>> + Send + 'a {
        let (client, request, token) = self.into_parts();
        pages(client, request, token)
    }

    /// Every item of every page, as a stream. The stream ends after the first error, a
    /// [`PageError`] that carries the cursor to resume from.
    pub fn all_items(self) -> impl Stream<Item = Result<R::Item, PageError<R::Error>>> + Send + 'a {
        self.pages().flat_map(|page| {
            let items: Vec<Result<R::Item, PageError<R::Error>>> = match page {
                Ok(page) => R::into_items(page).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
    }
}
