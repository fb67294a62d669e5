//! Cursor pagination, for every method whose spec declares it.

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
/// every other argument stay as the request sets them. Stops after an error, and if Slack
/// hands back the cursor it was just given.
fn pages<'a, R: Paginated + 'a>(
    client: &'a Client,
    request: R,
    token: Option<Token>,
) -> impl Stream<Item = Result<R::Response, Error<R::Error>>> + Send + 'a {
    stream::unfold(Some((request, None::<String>)), move |state| {
        let token = token.clone();
        async move {
            let (mut request, cursor) = state?;
            if let Some(cursor) = &cursor {
                request.set_cursor(cursor.clone());
            }
            match client.execute(&request, token.as_ref()).await {
                Ok(page) => {
                    let next = R::next_cursor(&page)
                        .filter(|next| !next.is_empty() && Some(*next) != cursor.as_deref())
                        .map(str::to_owned);
                    Some((Ok(page), next.map(|next| (request, Some(next)))))
                }
                Err(e) => Some((Err(e), None)),
            }
        }
    })
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
