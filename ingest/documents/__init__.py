"""pages -> documents: segmentation with the binding-order prior, the table of contents."""
