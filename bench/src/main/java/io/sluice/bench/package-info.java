/** Benchmarks and load harnesses for Sluice; see docs/benchmarks.md for how to run them. */
package io.sluice.bench;
