"""The transformer page model's network: a small BERT built from a config (no pretrained
weights) with two heads, page type and document start, over the pooled [CLS] output and layout."""
from __future__ import annotations

import os

from models.transformer_inputs import N_FIELDS, N_LAYOUT, PAD, max_len


def load_torch():
    """torch with one intra-op thread unless JUANPING_TORCH_THREADS says otherwise.

    Why one: on this shared 2-core machine (other jobs running) a training step
    took 47 ms/page with 2 threads against 14 ms/page with 1 (OpenMP threads
    spin while waiting for a busy core); alone, 2 threads gain well under 2x.
    """
    import torch
    torch.set_num_threads(int(os.environ.get("JUANPING_TORCH_THREADS", "1")))
    torch.set_flush_denormal(True)  # denormal floats slow CPU matmuls many-fold
    return torch


def build_net(cfg: dict, vocab_size: int, n_classes: int):
    """A fresh (randomly initialised: seed torch first) network for the config, vocabulary and classes."""
    torch = load_torch()
    from transformers import BertConfig, BertModel

    class _Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            bc = BertConfig(vocab_size=vocab_size, hidden_size=cfg["hidden"],
                            num_hidden_layers=cfg["layers"], num_attention_heads=cfg["heads"],
                            intermediate_size=cfg["intermediate"],
                            max_position_embeddings=max_len(cfg), type_vocab_size=N_FIELDS,
                            hidden_dropout_prob=cfg["dropout"],
                            attention_probs_dropout_prob=cfg["dropout"], pad_token_id=PAD)
            self.bert = BertModel(bc, add_pooling_layer=True)
            h = cfg["hidden"]
            self.mix = torch.nn.Sequential(torch.nn.Linear(h + N_LAYOUT, h), torch.nn.GELU(),
                                           torch.nn.Dropout(cfg["dropout"]))
            self.type_head = torch.nn.Linear(h, n_classes)
            self.start_head = torch.nn.Linear(h + N_LAYOUT, 1)

        def forward(self, ids, types, mask, layout):
            out = self.bert(input_ids=ids, token_type_ids=types, attention_mask=mask)
            z = torch.cat([out.pooler_output, layout], dim=1)
            m = self.mix(z)
            return self.type_head(m), self.start_head(torch.cat([m, layout], dim=1)).squeeze(1)

    return _Net()
