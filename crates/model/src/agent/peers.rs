//! Small ordered maps and sets on sorted vectors, for what one actor keeps about the few
//! actors and packages it has heard of: no tree nodes to allocate, same order as a B-tree.

/// A map kept sorted by key.
#[derive(Clone, Debug)]
pub(super) struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K: Ord + Copy, V> SortedMap<K, V> {
    pub(super) fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.0.cmp(key))
    }

    pub(super) fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|k| &self.entries[k].1)
    }

    /// Set the value of `key`, adding it if new; returns the value it replaced.
    pub(super) fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(k) => Some(std::mem::replace(&mut self.entries[k].1, value)),
            Err(k) => {
                self.entries.insert(k, (key, value));
                None
            }
        }
    }

    /// Set the value of `key` if it is new or `replace` says so of the value it holds,
    /// with one search: says which happened.
    pub(super) fn insert_if(&mut self, key: K, value: V, replace: impl FnOnce(&V) -> bool) -> Put {
        match self.find(&key) {
            Ok(k) if replace(&self.entries[k].1) => {
                self.entries[k].1 = value;
                Put::Replaced
            }
            Ok(_) => Put::Kept,
            Err(k) => {
                self.entries.insert(k, (key, value));
                Put::Added
            }
        }
    }
}

/// What [`SortedMap::insert_if`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Put {
    /// The key was new.
    Added,
    /// The key's value was replaced.
    Replaced,
    /// The key's value was kept.
    Kept,
}

/// A set kept sorted.
#[derive(Clone, Debug)]
pub(super) struct SortedSet<K> {
    items: Vec<K>,
}

impl<K: Ord + Copy> SortedSet<K> {
    pub(super) fn new() -> Self {
        Self { items: Vec::new() }
    }

    pub(super) fn contains(&self, key: &K) -> bool {
        self.items.binary_search(key).is_ok()
    }

    pub(super) fn insert(&mut self, key: K) {
        if let Err(k) = self.items.binary_search(&key) {
            self.items.insert(k, key);
        }
    }

    pub(super) fn retain(&mut self, keep: impl FnMut(&K) -> bool) {
        self.items.retain(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn they_behave_like_the_btree_collections() {
        let keys = [5u32, 1, 9, 1, 3, 5, 7, 0, 9, 2];
        let (mut m, mut b) = (SortedMap::new(), BTreeMap::new());
        let (mut s, mut t) = (SortedSet::new(), BTreeSet::new());
        let (mut kept, mut newest) = (SortedMap::new(), BTreeMap::new());
        for (n, k) in keys.iter().enumerate() {
            assert_eq!(m.insert(*k, n), b.insert(*k, n));
            s.insert(*k);
            t.insert(*k);
            // Keep the larger value of each key, as a reader keeps the newest package.
            let value = (n * 7) % 10;
            let want = match newest.get(k) {
                None => Put::Added,
                Some(&old) if value > old => Put::Replaced,
                Some(_) => Put::Kept,
            };
            if want != Put::Kept {
                newest.insert(*k, value);
            }
            assert_eq!(kept.insert_if(*k, value, |old| value > *old), want);
            for q in 0..10 {
                assert_eq!(m.get(&q), b.get(&q));
                assert_eq!(kept.get(&q), newest.get(&q));
                assert_eq!(s.contains(&q), t.contains(&q));
            }
        }
        s.retain(|k| k % 3 != 0);
        t.retain(|k| k % 3 != 0);
        assert_eq!(s.items, t.into_iter().collect::<Vec<_>>());
        let pairs: Vec<(u32, usize)> = b.into_iter().collect();
        assert_eq!(m.entries, pairs);
    }
}
