//! GRAPH: object types as nodes; links, embedded containment and backlinks as edges (petgraph).
//! Used by validation (embedded cycles, reachability) and by the planner for ordering.

use std::collections::BTreeMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{ObjectKind, PropertyType, Schema};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A link to a top-level/asymmetric type (stored as its primary key).
    Link,
    /// Containment of an embedded object.
    Embeds,
    /// A computed `linkingObjects` property (client only).
    Backlink,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub kind: EdgeKind,
    /// Persisted name of the property that makes the edge.
    pub property: String,
}

pub struct SchemaGraph {
    pub graph: DiGraph<String, Edge>,
    pub index: BTreeMap<String, NodeIndex>,
}

impl SchemaGraph {
    /// Builds the graph; properties whose target type is missing add no edge (validation
    /// reports them).
    pub fn build(schema: &Schema) -> Self {
        // Node i is the i-th type in name order, so a type's own node needs no lookup and the
        // index is built from an already sorted sequence.
        let n = schema.types.len();
        let mut graph = DiGraph::with_capacity(n, 2 * n);
        let mut kinds = Vec::with_capacity(n);
        for (name, t) in &schema.types {
            graph.add_node(name.clone());
            kinds.push(t.kind);
        }
        let index: BTreeMap<String, NodeIndex> = schema
            .types
            .keys()
            .enumerate()
            .map(|(i, name)| (name.clone(), NodeIndex::new(i)))
            .collect();
        for (i, t) in schema.types.values().enumerate() {
            let from = NodeIndex::new(i);
            for p in t.properties.values() {
                let Some(target) = p.ty.target() else { continue };
                let Some(&to) = index.get(target) else {
                    continue;
                };
                let kind = match (&p.ty, kinds[to.index()]) {
                    (PropertyType::LinkingObjects { .. }, _) => EdgeKind::Backlink,
                    (_, ObjectKind::Embedded) => EdgeKind::Embeds,
                    _ => EdgeKind::Link,
                };
                graph.add_edge(
                    from,
                    to,
                    Edge {
                        kind,
                        property: p.name.clone(),
                    },
                );
            }
        }
        SchemaGraph { graph, index }
    }

    /// Cycles made only of embedding edges, each as a sorted list of type names; sorted.
    pub fn embedded_cycles(&self) -> Vec<Vec<String>> {
        let mut sub: DiGraph<String, ()> = DiGraph::new();
        let mut map = BTreeMap::new();
        for (name, &ix) in &self.index {
            map.insert(ix, sub.add_node(name.clone()));
        }
        for e in self.graph.edge_references() {
            if e.weight().kind == EdgeKind::Embeds {
                sub.add_edge(map[&e.source()], map[&e.target()], ());
            }
        }
        let mut cycles: Vec<Vec<String>> = tarjan_scc(&sub)
            .into_iter()
            .filter(|c| c.len() > 1 || c.iter().any(|&n| sub.find_edge(n, n).is_some()))
            .map(|c| {
                let mut names: Vec<String> = c.iter().map(|&n| sub[n].clone()).collect();
                names.sort();
                names
            })
            .collect();
        cycles.sort();
        cycles
    }

    /// Embedded types that no top-level or asymmetric type reaches through embedding edges.
    pub fn unreachable_embedded(&self, schema: &Schema) -> Vec<String> {
        let mut reached = std::collections::BTreeSet::new();
        let mut stack: Vec<NodeIndex> = schema
            .types
            .values()
            .filter(|t| t.kind != ObjectKind::Embedded)
            .filter_map(|t| self.index.get(&t.name).copied())
            .collect();
        while let Some(n) = stack.pop() {
            for e in self.graph.edges(n) {
                if e.weight().kind == EdgeKind::Embeds && reached.insert(self.graph[e.target()].clone()) {
                    stack.push(e.target());
                }
            }
        }
        schema
            .types
            .values()
            .filter(|t| t.kind == ObjectKind::Embedded && !reached.contains(&t.name))
            .map(|t| t.name.clone())
            .collect()
    }
}
