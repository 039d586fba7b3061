"""Inference sessions for rapidocr's three ONNX models: OpenVINO where it is installed,
onnxruntime otherwise.

Why OpenVINO: measured on this project's 2-core machines (AMD EPYC with AVX512-BF16),
OpenVINO runs PP-OCRv4's detector 3x and its recogniser 2.8x faster than onnxruntime
on the same pages, because its CPU plugin infers in bfloat16 where the CPU has it
(in float32 it is no faster than onnxruntime). The recognised text of the evaluation
pages is the same; `juanping bench` and the scanned evaluation measure both backends
side by side. A CPU without bfloat16 gets float32: the same results, no speed-up.

Both sessions answer the small part of onnxruntime's InferenceSession API that
rapidocr uses after loading (`run`, `get_inputs`, `get_outputs`, `get_modelmeta`), so they drop into
rapidocr's OrtInferSession holders.
"""
from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

BACKEND_ENV = "JUANPING_OCR_BACKEND"  # "openvino" or "onnxruntime"; unset: OpenVINO when installed


def available_backend() -> str:
    """The backend to use: the environment's choice, else OpenVINO when it imports."""
    wanted = os.environ.get(BACKEND_ENV, "").strip().lower()
    if wanted in ("onnxruntime", "ort"):
        return "onnxruntime"
    if wanted not in ("", "openvino"):
        raise ValueError(f"{BACKEND_ENV}={wanted!r}: use 'openvino' or 'onnxruntime'")
    try:
        import openvino  # noqa: F401
    except ImportError:
        if wanted == "openvino":
            raise RuntimeError(f"{BACKEND_ENV}=openvino but the openvino package is not installed") from None
        return "onnxruntime"
    return "openvino"


@functools.cache
def backend_label(backend: str) -> str:
    """The backend and, for OpenVINO, the CPU's inference precision ("openvino-bf16"): part
    of the OCR cache key, since bfloat16 and float32 can read a doubtful glyph differently."""
    if backend != "openvino":
        return backend
    import openvino as ov

    return f"openvino-{ov.Core().get_property('CPU', 'INFERENCE_PRECISION_HINT').get_type_name()}"


@dataclass(frozen=True)
class _Name:
    name: str


class OpenVinoSession:
    """An ONNX model compiled by OpenVINO's CPU plugin, with an InferenceSession-like face.
    One infer request per thread (requests are not thread-safe)."""

    def __init__(self, model_path: str | Path, threads: int, onnx_meta):
        import openvino as ov

        core = ov.Core()
        self._model = core.compile_model(core.read_model(str(model_path)), "CPU",
                                         {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": threads,
                                          # no per-shape kernel cache: every page brings new input
                                          # shapes, and the cache grew by ~2 GB per 100 pages
                                          "CPU_RUNTIME_CACHE_CAPACITY": 0})
        self._inputs = [_Name(p.get_any_name()) for p in self._model.inputs]
        self._outputs = [_Name(p.get_any_name()) for p in self._model.outputs]
        self._meta = onnx_meta  # the ONNX file's metadata (the recogniser's character list)
        self._local = threading.local()

    def _request(self):
        req = getattr(self._local, "request", None)
        if req is None:
            req = self._local.request = self._model.create_infer_request()
        return req

    def run(self, output_names, feed: dict):
        req = self._request()
        res = req.infer({i: v for i, v in enumerate(feed.values())})
        return [res[self._model.output(i)].copy() for i in range(len(self._outputs))]

    def get_inputs(self):
        return self._inputs

    def get_outputs(self):
        return self._outputs

    def get_modelmeta(self):
        return self._meta


def onnx_session(model_path: str | Path, threads: int):
    """An onnxruntime session whose worker threads idle instead of spinning.

    Measured on the shared 2-core machine: spinning intra-op threads cost up to
    2-3x wall time per page when other processes compete for the cores.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.enable_cpu_mem_arena = False
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model_path), sess_options=opts, providers=["CPUExecutionProvider"])


def replace_sessions(ocr, threads: int, backend: str) -> None:
    """Swap the sessions of a RapidOCR object's detector, angle classifier and recogniser
    for the chosen backend's."""
    for holder in (ocr.text_det.infer, ocr.text_cls.infer, ocr.text_rec.session):
        old = holder.session
        path = old._model_path
        if backend == "openvino":
            holder.session = OpenVinoSession(path, threads, old.get_modelmeta())
        else:
            holder.session = onnx_session(path, threads)
