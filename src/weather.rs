//! Weather readers (placeholder)
