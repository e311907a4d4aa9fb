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

    pub(super) fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Set the value of `key`, adding it if new.
    pub(super) fn insert(&mut self, key: K, value: V) {
        match self.find(&key) {
            Ok(k) => self.entries[k].1 = value,
            Err(k) => self.entries.insert(k, (key, value)),
        }
    }
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
        for (n, k) in keys.iter().enumerate() {
            m.insert(*k, n);
            b.insert(*k, n);
            s.insert(*k);
            t.insert(*k);
            for q in 0..10 {
                assert_eq!(m.get(&q), b.get(&q));
                assert_eq!(m.contains_key(&q), b.contains_key(&q));
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
