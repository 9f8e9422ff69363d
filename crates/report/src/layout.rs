//! A layered drawing of the pack graph for the HTML report, computed here so the page
//! needs no graph library and no network: providers on the left, consumers to their right
//! (the way data and code flow, as in `accord graph`), rows ordered to cross few edges.
//!
//! The classic Sugiyama steps, kept small: edges closing a cycle are set aside (a DFS in
//! manifest order), each pack goes in the column of its longest path from a source, then a
//! few barycenter sweeps order each column by the rows of its neighbours.

/// Where each node goes: `column[i]` and `row[i]` for the i-th node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layers {
    pub(crate) column: Vec<usize>,
    pub(crate) row: Vec<usize>,
    /// Number of columns (0 for an empty graph).
    pub(crate) columns: usize,
    /// Largest number of nodes in one column.
    pub(crate) rows: usize,
}

/// Barycenter sweeps: each pass orders every column by its neighbours'; four passes settle
/// the small graphs Accord draws, and more rarely removes another crossing.
const SWEEPS: usize = 4;

/// Lays out `nodes` nodes joined by `edges` (from → to, indices into the nodes; self-loops
/// and out-of-range indices are ignored).
pub(crate) fn layer(nodes: usize, edges: &[(usize, usize)]) -> Layers {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(a, b) in edges {
        if a != b && a < nodes && b < nodes && !succ[a].contains(&b) {
            succ[a].push(b);
        }
    }
    for list in &mut succ {
        list.sort_unstable();
    }
    let forward = acyclic(&succ);

    // Longest path from a source, in a topological order of the acyclic edges.
    let mut indegree = vec![0usize; nodes];
    for list in &forward {
        for &b in list {
            indegree[b] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..nodes).rev().filter(|&n| indegree[n] == 0).collect();
    let mut column = vec![0usize; nodes];
    while let Some(n) = ready.pop() {
        for &b in &forward[n] {
            column[b] = column[b].max(column[n] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.push(b);
            }
        }
    }
    let columns = if nodes == 0 {
        0
    } else {
        column.iter().max().map_or(0, |c| c + 1)
    };

    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for (a, list) in succ.iter().enumerate() {
        for &b in list {
            pred[b].push(a);
        }
    }
    // Manifest order first, so an edgeless graph reads like accord.toml.
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (n, &c) in column.iter().enumerate() {
        order[c].push(n);
    }
    let mut row = vec![0usize; nodes];
    let place = |order: &[Vec<usize>], row: &mut [usize]| {
        for list in order {
            for (i, &n) in list.iter().enumerate() {
                row[n] = i;
            }
        }
    };
    place(&order, &mut row);
    for sweep in 0..SWEEPS {
        let (neighbours, columns_in_turn): (&[Vec<usize>], Vec<usize>) = if sweep % 2 == 0 {
            (&pred, (1..columns).collect())
        } else {
            (&succ, (0..columns.saturating_sub(1)).rev().collect())
        };
        for c in columns_in_turn {
            let mut keyed: Vec<(f64, usize, usize)> = order[c]
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    let near: Vec<usize> = neighbours[n].iter().map(|&m| row[m]).collect();
                    let key = if near.is_empty() {
                        i as f64
                    } else {
                        near.iter().sum::<usize>() as f64 / near.len() as f64
                    };
                    (key, i, n)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[c] = keyed.into_iter().map(|(_, _, n)| n).collect();
            for (i, &n) in order[c].iter().enumerate() {
                row[n] = i;
            }
        }
    }
    let rows = order.iter().map(Vec::len).max().unwrap_or(0);
    Layers {
        column,
        row,
        columns,
        rows,
    }
}

/// `succ` without the edges that close a cycle (those reaching a node still on the DFS
/// stack), visiting nodes in index order so the result is stable.
fn acyclic(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnStack,
        Done,
    }
    let mut state = vec![State::New; succ.len()];
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); succ.len()];
    for start in 0..succ.len() {
        if state[start] != State::New {
            continue;
        }
        // An explicit stack: a hostile manifest may declare thousands of packs in a chain.
        let mut stack = vec![(start, 0usize)];
        state[start] = State::OnStack;
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&b) = succ[node].get(next) {
                top.1 += 1;
                match state[b] {
                    State::OnStack => {}
                    State::Done => forward[node].push(b),
                    State::New => {
                        forward[node].push(b);
                        state[b] = State::OnStack;
                        stack.push((b, 0));
                    }
                }
            } else {
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    forward
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipeline_reads_left_to_right() {
        let layers = layer(3, &[(0, 1), (1, 2)]);
        assert_eq!(layers.column, vec![0, 1, 2]);
        assert_eq!((layers.columns, layers.rows), (3, 1));
    }

    #[test]
    fn a_consumer_sits_right_of_its_furthest_provider() {
        let layers = layer(3, &[(0, 2), (0, 1), (1, 2)]);
        assert_eq!(layers.column, vec![0, 1, 2]);
    }

    #[test]
    fn a_cycle_still_gets_columns() {
        let layers = layer(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(layers.column, vec![0, 1, 2]);
    }

    #[test]
    fn isolated_packs_keep_manifest_order_in_one_column() {
        let layers = layer(3, &[]);
        assert_eq!(layers.column, vec![0, 0, 0]);
        assert_eq!(layers.row, vec![0, 1, 2]);
        assert_eq!(layer(0, &[]).columns, 0);
    }

    #[test]
    fn barycenters_uncross_two_chains() {
        // 0→3 and 1→2: without ordering, 2 sits above 3 and the edges cross.
        let layers = layer(4, &[(0, 3), (1, 2)]);
        assert!(layers.row[3] < layers.row[2], "{layers:?}");
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let edges: Vec<(usize, usize)> = (0..20_000).map(|i| (i, i + 1)).collect();
        let layers = layer(20_001, &edges);
        assert_eq!(layers.columns, 20_001);
    }

    #[test]
    fn bad_indices_and_self_loops_are_ignored() {
        let layers = layer(2, &[(0, 0), (0, 9), (9, 1), (0, 1), (0, 1)]);
        assert_eq!(layers.column, vec![0, 1]);
    }
}
