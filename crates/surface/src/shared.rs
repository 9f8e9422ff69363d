//! Work shared by the extractions of two versions of one package in one process.
//!
//! `accord diff OLD NEW` extracts both trees at once, and most files (and most macro
//! invocations, and most items of the files that differ) are byte-identical on both sides. Only pure functions of their key are
//! memoized here, so sharing never changes a surface; and the memo lives in memory for one
//! run only, so nothing the analysed tree contains can forge an entry.

use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// A handle to share between the [`crate::Options`] of extractions that should reuse each
/// other's parses. Cloning it shares the same memo.
#[derive(Clone, Default)]
pub struct Shared(Arc<Memos>);

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared(..)")
    }
}

#[derive(Default)]
struct Memos {
    rust: crate::rust::Memo,
    /// Extractions started so far.
    turns: AtomicUsize,
}

impl Shared {
    pub(crate) fn rust(&self) -> &crate::rust::Memo {
        &self.0.rust
    }

    /// Whether this extraction should walk its files last to first. The two sides of a diff
    /// run at once on the same pool: walking the same files in the same order, each would
    /// wait for the other's parse of the item it needs next, one core idle; walking towards
    /// each other, each finds most of what the other has already parsed. Results are put
    /// back in order, so the order of work never shows.
    pub(crate) fn backwards(&self) -> bool {
        self.0.turns.fetch_add(1, Ordering::Relaxed) % 2 == 1
    }
}

/// One memoized function: the first caller of a key computes, concurrent callers of the same
/// key wait for that result instead of computing it again.
pub(crate) struct Memo<K, V> {
    // Keys hold whole files: SipHash over them cost more than the lookups saved. foldhash is
    // seeded per process, so a hostile tree cannot precompute colliding files.
    cells: Mutex<foldhash::HashMap<K, Arc<OnceLock<V>>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            cells: Mutex::new(foldhash::HashMap::default()),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    pub(crate) fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> V {
        let cell = {
            // A panic while holding the map cannot leave it inconsistent: entries are
            // inserted whole.
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cells.entry(key).or_default())
        };
        cell.get_or_init(compute).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_key_is_computed_once_even_when_asked_for_concurrently() {
        let memo: Memo<u32, u32> = Memo::default();
        let runs = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let v = memo.get_or(7, || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        49
                    });
                    assert_eq!(v, 49);
                });
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(memo.get_or(8, || 64), 64);
    }
}
