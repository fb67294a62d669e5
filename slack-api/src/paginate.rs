//! Cursor pagination, for every method whose spec declares it.

use std::collections::HashSet;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::{Call, Client, Error, Method, Token};

/// A method that pages with a cursor: generated from the spec's `pagination`.
pub trait Paginated: Method + Clone {
    /// One item of a page.
    type Item: Send + 'static;

    /// Sets the cursor of the page to fetch.
    fn set_cursor(&mut self, cursor: String);
    /// The next page's cursor, if the response names one.
    fn next_cursor(response: &Self::Response) -> Option<&str>;
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// Pages of `request`, following cursors until one is empty or absent. The page size and
/// every other argument stay as the request sets them. Stops after an error, and when Slack
/// hands back a cursor it gave before (a loop would otherwise never end).
fn pages<'a, R: Paginated + 'a>(
    client: &'a Client,
    request: R,
    token: Option<Token>,
) -> impl Stream<Item = Result<R::Response, Error<R::Error>>> + Send + 'a {
    let start = PageState {
        request,
        seen: HashSet::new(),
    };
    stream::unfold(Some(start), move |state| {
        let token = token.clone();
        async move {
            let PageState { request, mut seen } = state?;
            match client.execute(&request, token.as_ref()).await {
                Ok(page) => {
                    let next = R::next_cursor(&page)
                        .filter(|next| !next.is_empty() && !seen.contains(*next))
                        .map(str::to_owned);
                    let state = next.map(|next| {
                        let mut request = request;
                        request.set_cursor(next.clone());
                        seen.insert(next);
                        PageState { request, seen }
                    });
                    Some((Ok(page), state))
                }
                Err(e) => Some((Err(e), None)),
            }
        }
    })
}

/// The request for the next page, and every cursor followed so far.
struct PageState<R> {
    request: R,
    seen: HashSet<String>,
}

impl<'a, R: Paginated + 'a> Call<'a, R> {
    /// Every page, as a stream; the first one is what [`send`](Call::send) would give.
    pub fn pages(self) -> impl Stream<Item = Result<R::Response, Error<R::Error>>> + Send + 'a {
        let (client, request, token) = self.into_parts();
        pages(client, request, token)
    }

    /// Every item of every page, as a stream.
    pub fn all_items(self) -> impl Stream<Item = Result<R::Item, Error<R::Error>>> + Send + 'a {
        self.pages().flat_map(|page| {
            let items: Vec<Result<R::Item, Error<R::Error>>> = match page {
                Ok(page) => R::into_items(page).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
    }
}
