/**
 * The state graph a search records for liveness: every edge, with its target and its fairness
 * instance, in compact arrays (about 8 bytes an edge). The search adds a state's edges as it
 * expands it; the liveness check (liveness.ts) reads the graph once it is complete.
 */
import { grown } from "./grown.ts";

/** The reachable state graph as compressed rows: state i's edges are [start[i], start[i+1]). */
export class StateGraph {
  start = new Int32Array(1025);
  target = new Int32Array(4096);
  instance = new Int32Array(4096);
  states = 0;
  edges = 0;

  /** Starts the edge list of state `index`; states are begun in order 0, 1, 2, … */
  begin(index: number): void {
    while (this.states <= index) {
      if (this.states + 2 > this.start.length) this.start = grown(this.start);
      this.start[this.states] = this.edges;
      this.states++;
      this.start[this.states] = this.edges;
    }
  }

  /** An edge of the last state begun: to state `target`, by an action of `instance`. */
  add(target: number, instance: number): void {
    if (this.edges === this.target.length) {
      this.target = grown(this.target);
      this.instance = grown(this.instance);
    }
    this.target[this.edges] = target;
    this.instance[this.edges] = instance;
    this.edges++;
    this.start[this.states] = this.edges;
  }

  /** Declares states up to `count` (those never expanded have no edges). */
  close(count: number): void {
    if (count > 0) this.begin(count - 1);
  }

  /** Bytes held by the graph's arrays. */
  get bytes(): number {
    return this.start.byteLength + this.target.byteLength + this.instance.byteLength;
  }

  /** The graph so far, for a checkpoint. */
  save(): SavedGraph {
    return {
      start: this.start.slice(0, this.states + 1),
      target: this.target.slice(0, this.edges),
      instance: this.instance.slice(0, this.edges),
    };
  }

  /** A graph as a checkpoint saved it. */
  static restore(saved: SavedGraph): StateGraph {
    const graph = new StateGraph();
    graph.states = saved.start.length - 1;
    graph.edges = saved.target.length;
    graph.start = new Int32Array(Math.max(1025, 2 * saved.start.length));
    graph.start.set(saved.start);
    graph.target = new Int32Array(Math.max(4096, 2 * graph.edges));
    graph.target.set(saved.target);
    graph.instance = new Int32Array(graph.target.length);
    graph.instance.set(saved.instance);
    return graph;
  }
}

/** A state graph as a checkpoint keeps it. */
export interface SavedGraph {
  readonly start: Int32Array;
  readonly target: Int32Array;
  readonly instance: Int32Array;
}
