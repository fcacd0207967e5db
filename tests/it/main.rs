//! The integration test binary: one module per area, all driving the built `dcplan`.

mod bad_inputs;
mod loader_props;
