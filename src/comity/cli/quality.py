"""``comity eval`` and ``comity train``: measuring and training extraction quality."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import err, fail, needs_extra, out, working

FORMAT_HELP = ("Gold format: pentacode (TSV sentence<TAB>label), plover-json, or events-jsonl "
               "(whole documents with their events; eval/README.md).")


def _load(model: str | None):
    """``None``/``default``: the shipped model; ``none``: no model; else a model folder."""
    if model is not None and model.lower() == "none":
        return None
    from comity.extract.coder import load_coder
    from comity.extract.learned import load_model

    try:
        if model in (None, "", "default") or (Path(model) / "model.onnx").is_file():
            return load_coder(None if model in (None, "", "default") else Path(model))
        return load_model(Path(model))
    except (FileNotFoundError, ValueError, KeyError, OSError) as exc:
        fail(f"cannot load model {model or 'default'}: {exc}")


def _pct(x: float) -> str:
    return f"{x:.3f}"


def _print_scores(s: dict, fmt: str) -> None:
    from rich.table import Table

    if fmt == "pentacode":
        out.print(f"[bold]{s['n']}[/bold] sentences  macro-F1 [bold]{_pct(s['macro_f1'])}[/bold]"
                  f"  accuracy [bold]{_pct(s['accuracy'])}[/bold]", highlight=False)
    else:
        out.print(f"[bold]{s['n']}[/bold] records  type accuracy {_pct(s['type_accuracy'])}  "
                  f"type macro-F1 {_pct(s['type_macro_f1'])}  source {_pct(s['source_accuracy'])}"
                  f"  target {_pct(s['target_accuracy'])}  full match "
                  f"[bold]{_pct(s['full_match'])}[/bold]", highlight=False)
    t = Table(title="per class", title_justify="left")
    for c in ("class", "precision", "recall", "F1", "support"):
        t.add_column(c, justify="left" if c == "class" else "right")
    for lab, v in s["per_class"].items():
        name = f"{lab} {v['name']}" if "name" in v else str(lab)
        t.add_row(name, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]), str(v["support"]))
    out.print(t)
    c = Table(title="confusion (rows gold, columns predicted)", title_justify="left")
    c.add_column("")
    labels = [str(x) for x in s["labels"]]
    for lab in labels:
        c.add_column(lab, justify="right")
    for lab, row in zip(labels, s["confusion"], strict=True):
        c.add_row(lab, *[str(x) for x in row])
    out.print(c)


def eval_command(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", show_default=False, help="Gold file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "pentacode",
    model: Annotated[str | None, typer.Option(
        "--model", help="Learned model folder, 'default' (shipped) or 'none' (rules only).")] = None,
    extractor: Annotated[str, typer.Option(
        "--extractor", help="hybrid (rules + model), rules, or learned (model alone).")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    predictions: Annotated[Path | None, typer.Option(
        "--predictions", help="Also write the predictions (TSV; JSONL pairs for events-jsonl).")] = None,
) -> None:
    """Score extraction against a gold file: macro-F1, accuracy, per class, confusion."""
    from comity.extract.evaluate import FORMATS, GoldFormatError, evaluate, make_extractor

    if fmt not in (*FORMATS, "events-jsonl"):
        fail(f"--format must be one of {', '.join(FORMATS)}, events-jsonl, not {fmt!r}")
    if not gold.is_file():
        fail(f"{gold}: no such file")
    if fmt == "events-jsonl":
        _eval_documents(gold, model, as_json, predictions)
        return
    if extractor not in ("hybrid", "rules", "learned"):
        fail(f"--extractor must be hybrid, rules or learned, not {extractor!r}")
    m = _load(model)
    if m is None and extractor == "hybrid":
        extractor = "rules"
    try:
        run = make_extractor(extractor, m)
        # One call over all sentences: the model batches them, and chunking would shift
        # its embeddings (and the published scores) by float noise.
        with working(f"scoring {gold.name} ({extractor})"):
            s = evaluate(gold, fmt, run, predictions=predictions)
    except GoldFormatError as exc:
        fail(str(exc))
    except (ValueError, ImportError, RuntimeError) as exc:
        fail(str(exc))
    for line in s.get("warnings", []):
        err.print(f"warning: {line}", markup=False, highlight=False)
    if s.get("warnings"):
        err.print(f"{len(s['warnings'])} gold record field(s) read with a warning",
                  markup=False, highlight=False)
    s["extractor"] = extractor if extractor != "hybrid" or m is None else "hybrid"
    s["model"] = m.version if m is not None else None
    if as_json:
        s = {**s, "per_class": {str(k): v for k, v in s["per_class"].items()}}
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    _print_scores(s, fmt)
    if predictions is not None:
        err.print(f"predictions written to {predictions}", markup=False)


def _eval_documents(gold: Path, model: str | None, as_json: bool,
                    predictions: Path | None) -> None:
    """Document-level gold: the production pipeline over whole documents, P/R/F1 per field."""
    from comity.api import make_extractor
    from comity.extract.evaluate import GoldFormatError
    from comity.extract.evaluate_docs import evaluate_documents

    try:
        pipeline = make_extractor(model=model or "default")
        with working(f"extracting {gold.name}"):
            s = evaluate_documents(gold, pipeline, predictions=predictions)
    except GoldFormatError as exc:
        fail(str(exc))
    except (ValueError, ImportError, RuntimeError) as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    out.print(f"{s['documents']} documents, {s['gold_events']} gold events, "
              f"{s['predicted_events']} predicted, {s['aligned']} aligned, "
              f"{s['out_of_scope']} out of scope (no country)", markup=False)
    t = Table(title="per field (an event counts where it aligns and the field is right)",
              title_justify="left")
    for c in ("field", "precision", "recall", "F1"):
        t.add_column(c, justify="left" if c == "field" else "right")
    for name, v in s["scores"].items():
        t.add_row(name, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]))
    out.print(t)
    r = Table(title="recall by gold status and type (dyad and type right)", title_justify="left")
    for c in ("status or type", "gold", "found", "recall"):
        r.add_column(c, justify="left" if c == "status or type" else "right")
    for key in ("recall_by_status", "recall_by_type"):
        for name, v in s[key].items():
            r.add_row(name, str(v["gold"]), str(v["found"]), _pct(v["recall"]))
    out.print(r)
    if predictions is not None:
        err.print(f"pairs and misses written to {predictions}", markup=False)


def train_command(
    data: Annotated[Path, typer.Argument(metavar="DATA", show_default=False,
                                         help="Labelled data (file, or folder of *.jsonl).")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="pentacode, plover-json, or jsonl (comity's labelled sentences).")
    ] = "pentacode",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the model to.")] = Path("model"),
    cv: Annotated[int, typer.Option("--cv", help="Also report k-fold cross-validation (0: no).")] = 0,
    embeddings: Annotated[bool, typer.Option(
        "--embeddings/--no-embeddings", help="Use MiniLM sentence embeddings (else n-grams only).")
    ] = True,
    c: Annotated[float, typer.Option("--C", help="Inverse regularisation strength.")] = 10.0,
    augment: Annotated[bool, typer.Option(
        "--augment", help="Add attribution-wrapped variants (\"..., officials said.\").")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    arch: Annotated[str, typer.Option(
        "--arch", help="coder (fine-tuned MiniLM, as shipped) or linear (sentence classifier).")
    ] = "coder",
    minutes: Annotated[float, typer.Option(
        "--minutes", help="Time limit for fine-tuning the coder.")] = 30.0,
) -> None:
    """Train the learned stage on your labelled data; use it with --model OUT."""
    from comity.extract.evaluate import GoldFormatError
    from comity.extract.train import TRAIN_FORMATS, TrainConfig, read_training, train

    if fmt not in TRAIN_FORMATS:
        fail(f"--format must be one of {', '.join(TRAIN_FORMATS)}, not {fmt!r}")
    if not data.exists():
        fail(f"{data}: no such file")
    if arch not in ("coder", "linear"):
        fail(f"--arch must be coder or linear, not {arch!r}")
    if arch == "coder":
        try:
            examples = read_training(data, fmt)
            from comity.extract.finetune import finetune
        except GoldFormatError as exc:
            fail(str(exc))
        except ImportError as exc:
            needs_extra(exc, "train")
        rows = [{"text": e.text, "plover_type": e.plover_type, "status": e.status,
                 "pentacode": e.pentacode} for e in examples]
        try:
            with working(f"fine-tuning on {len(rows)} sentences from {data.name}"):
                fp32 = finetune(rows, out_dir, minutes=minutes,
                                progress=lambda m: err.print(m, markup=False, highlight=False))
        except ImportError as exc:
            needs_extra(exc, "train")
        fp32.unlink(missing_ok=True)
        meta = json.loads((out_dir / "meta.json").read_text())
        info = {"out": str(out_dir), "n_examples": len(rows), "heads": meta["heads"],
                "steps": meta["steps"], "data_hash": meta["data_sha256"]}
        if as_json:
            sys.stdout.write(json.dumps(info) + "\n")
        else:
            out.print(f"fine-tuned on {len(rows)} examples ({meta['steps']} steps), heads "
                      f"{', '.join(meta['heads'])}; int8 model written to {out_dir}",
                      markup=False)
        return
    if cv == 1 or cv < 0:
        fail("--cv needs at least 2 folds")
    try:
        with working(f"training on {data.name}" + (f" with {cv}-fold cross-validation" if cv else "")):
            model, path = train(data, fmt, out_dir, TrainConfig(C=c, embedding=embeddings),
                                cv=cv, augment=augment)
    except GoldFormatError as exc:
        fail(str(exc))
    except ImportError as exc:
        needs_extra(exc, "train")
    except (ValueError, RuntimeError) as exc:  # bad data; the embedding model cannot load
        fail(str(exc))
    info = {"out": str(path), "n_examples": model.meta["n_examples"],
            "heads": list(model.heads), "data_hash": model.meta["data_hash"],
            "scores": model.meta["scores"]}
    if as_json:
        sys.stdout.write(json.dumps(info) + "\n")
        return
    out.print(f"trained on {info['n_examples']} examples, heads {', '.join(info['heads'])}; "
              f"model written to {path}", markup=False)
    if "cv" in model.meta["scores"]:
        r = model.meta["scores"]["cv"]
        out.print(f"{r['folds']}-fold CV {r['head']} macro-F1 {r['macro_f1_mean']:.3f} "
                  f"+- {r['macro_f1_sd']:.3f}", highlight=False)


#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("eval", "train")


def register(app: typer.Typer) -> None:
    """Add ``eval`` and ``train`` to the main app."""
    app.command("eval")(eval_command)
    app.command("train")(train_command)


__all__ = ["eval_command", "register", "train_command"]
