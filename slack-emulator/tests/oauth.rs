//! OAuth on the emulator from outside the client: the seed's `app`, the authorize
//! endpoint's refusals, form-field credentials, and secrets kept out of `calls()`.

use std::net::SocketAddr;

use slack_emulator::{Emulator, Workspace};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/workspace.yaml");

#[tokio::test]
async fn the_seed_sets_the_app_and_codes_exchange_once_with_form_credentials() {
    let workspace = Workspace::from_seed_file(std::path::Path::new(EXAMPLE)).unwrap();
    let emulator = Emulator::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), workspace)
        .await
        .unwrap();
    let app = emulator.app();
    assert_eq!(app.client_id, "1234567890.0987654321");
    assert!(app.token_rotation);
    assert_eq!(app.token_lifetime, 43200);

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let authorize = format!("http://{}/oauth/v2/authorize", emulator.addr());
    let wrong = http
        .get(format!(
            "{authorize}?client_id=nope&scope=chat:write&redirect_uri=http://127.0.0.1:1/cb"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 400);
    let approved = http
        .get(format!(
            "{authorize}?client_id={}&scope=chat:write&redirect_uri=http://127.0.0.1:1/cb&state=s%201",
            app.client_id
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status().as_u16(), 302);
    let location = approved.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("http://127.0.0.1:1/cb?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=s+1"), "{location}");
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();

    let exchange = |code: &str| {
        let form = format!(
            "client_id={}&client_secret=acme-client-secret&code={code}",
            app.client_id
        );
        let request = http
            .post(format!("{}oauth.v2.access", emulator.base_url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let first: serde_json::Value = serde_json::from_str(&exchange(code).await).unwrap();
    assert_eq!(first["ok"], true, "{first}");
    assert!(first["access_token"]
        .as_str()
        .unwrap()
        .starts_with("xoxe.xoxb-"));
    assert!(first["refresh_token"]
        .as_str()
        .unwrap()
        .starts_with("xoxe-1-"));
    let again: serde_json::Value = serde_json::from_str(&exchange(code).await).unwrap();
    assert_eq!(again["error"], "invalid_code", "a code is single-use");

    let recorded = emulator.calls();
    let text =
        serde_json::to_string(&recorded.iter().map(|c| &c.args).collect::<Vec<_>>()).unwrap();
    assert!(
        !text.contains("acme-client-secret") && !text.contains(code),
        "{text}"
    );
}

#[test]
fn a_token_lifetime_under_a_second_is_refused() {
    let error = Workspace::from_seed("app: {token_lifetime: 0}\nusers: [{name: a}]\n").unwrap_err();
    assert_eq!(error.path, "app.token_lifetime");
}
