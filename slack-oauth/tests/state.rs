//! The state: signed, expiring, single-use; each refusal typed.

use std::sync::Arc;
use std::time::Duration;

use slack_oauth::{ManualClock, MemoryStateStore, StateError, StateSigner};

fn signer(secret: &[u8], clock: &Arc<ManualClock>) -> StateSigner {
    StateSigner::new(secret, MemoryStateStore::new()).clock(clock.clone())
}

#[tokio::test]
async fn a_state_is_valid_once_within_its_lifetime() {
    let clock = Arc::new(ManualClock::new());
    let signer = signer(b"secret", &clock);
    let state = signer.issue();
    assert_ne!(state, signer.issue(), "each state is new");
    clock.advance(Duration::from_secs(599));
    assert_eq!(signer.verify(&state).await, Ok(()));
    assert_eq!(signer.verify(&state).await, Err(StateError::Reused));
}

#[tokio::test]
async fn an_old_state_has_expired_even_unused() {
    let clock = Arc::new(ManualClock::new());
    let signer = signer(b"secret", &clock).ttl(Duration::from_secs(60));
    let state = signer.issue();
    clock.advance(Duration::from_secs(61));
    assert_eq!(signer.verify(&state).await, Err(StateError::Expired));
}

#[tokio::test]
async fn another_secret_or_a_changed_state_is_forged() {
    let clock = Arc::new(ManualClock::new());
    let state = signer(b"theirs", &clock).issue();
    assert_eq!(
        signer(b"ours", &clock).verify(&state).await,
        Err(StateError::Forged)
    );
    // A later issue time (to live longer), signature kept.
    let ours = signer(b"ours", &clock);
    let state = ours.issue();
    let parts: Vec<&str> = state.split('.').collect();
    let later: u64 = parts[1].parse::<u64>().unwrap() + 3600;
    let changed = format!("{}.{later}.{}", parts[0], parts[2]);
    assert_eq!(ours.verify(&changed).await, Err(StateError::Forged));
}

#[tokio::test]
async fn malformed_states_are_refused_without_a_panic() {
    let clock = Arc::new(ManualClock::new());
    let signer = signer(b"secret", &clock);
    let nonce = "0".repeat(32);
    for bad in [
        String::new(),
        "nodots".into(),
        "a.b".into(),
        format!("{nonce}.notanumber.00"),
        format!("{nonce}.1.zz"),
        format!("{nonce}.1.0"),
        format!("short.1.{}", "0".repeat(64)),
        format!("{}.1.{}", "é".repeat(16), "0".repeat(64)),
        format!("{nonce}.99999999999999999999999.00"),
    ] {
        assert_eq!(
            signer.verify(&bad).await,
            Err(StateError::Malformed),
            "{bad:?}"
        );
    }
}

#[test]
fn debug_shows_no_secret() {
    let signer = StateSigner::new(b"hunter2-secret", MemoryStateStore::new());
    assert!(!format!("{signer:?}").contains("hunter2"));
}

#[tokio::test]
async fn a_huge_lifetime_or_clock_jump_does_not_panic() {
    let clock = Arc::new(ManualClock::new());
    let signer = signer(b"secret", &clock).ttl(Duration::MAX);
    let state = signer.issue();
    clock.advance(Duration::MAX);
    let _ = signer.verify(&state).await;
}
