//! Values shared with every handler, one per type ([`App::with_state`](super::App::with_state)).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// The values, by type; cheap to clone.
#[derive(Clone, Default)]
pub(super) struct State(Arc<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl State {
    pub(super) fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        Arc::make_mut(&mut self.0).insert(TypeId::of::<T>(), Arc::new(value));
    }

    pub(super) fn get<T: Send + Sync + 'static>(&self) -> Result<&T, MissingState> {
        self.0
            .get(&TypeId::of::<T>())
            .and_then(|value| value.downcast_ref())
            .ok_or(MissingState(std::any::type_name::<T>()))
    }
}

/// [`Ctx::state`](super::Ctx::state) asked for a type the app was given no value of.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the app has no state of type {0} (App::with_state)")]
pub struct MissingState(&'static str);
