"""The scikit-learn side of bench/automl.ts.

  python automl_sklearn.py export-breast-cancer OUT.csv
      writes scikit-learn's bundled breast-cancer table (30 numeric columns, target 1 = benign) as CSV.
  python automl_sklearn.py search IN.json OUT.json
      IN: {"X": rows of the exact feature matrix Plinth trains on, "y": 0/1, "train", "validation", "test":
      row indices, "trials": n, "seed": s}. RandomizedSearchCV with n_iter = trials, scored by ROC AUC on
      the validation rows only (PredefinedSplit: the same rows Plinth's trials are scored on), refit on
      train + validation, then ROC AUC on the test rows. OUT: {"testAuc", "validationAuc", "best", "seconds"}.
"""

import json
import sys
import time

import numpy as np
from scipy.stats import loguniform, randint, uniform
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import PredefinedSplit, RandomizedSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier


def export_breast_cancer(path):
    data = load_breast_cancer()
    header = ",".join([name.replace(" ", "_") for name in data.feature_names] + ["target"])
    rows = np.column_stack([data.data, data.target])
    np.savetxt(path, rows, delimiter=",", header=header, comments="", fmt=["%.10g"] * data.data.shape[1] + ["%d"])


def search(source, target):
    spec = json.load(open(source))
    X = np.asarray(spec["X"], dtype=np.float32)
    y = np.asarray(spec["y"], dtype=np.int64)
    fit_rows = np.asarray(sorted(spec["train"] + spec["validation"]))
    validation = set(spec["validation"])
    fold = np.asarray([0 if i in validation else -1 for i in fit_rows])
    # One pipeline, the estimator itself a searched parameter: each trial draws a family, then its values,
    # as Plinth's sampleTrials does; the families and ranges are scikit-learn's usual ones.
    pipe = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())])
    seed = spec["seed"]
    space = [
        {
            "model": [GradientBoostingClassifier(random_state=seed)],
            "model__n_estimators": randint(50, 301),
            "model__learning_rate": loguniform(0.02, 0.3),
            "model__max_depth": randint(2, 6),
            "model__min_samples_leaf": randint(1, 20),
            "model__subsample": uniform(0.5, 0.5),
        },
        {
            "model": [RandomForestClassifier(random_state=seed)],
            "model__n_estimators": randint(20, 201),
            "model__max_features": uniform(0.2, 0.8),
            "model__max_depth": [None, 4, 6, 8, 12],
            "model__min_samples_leaf": randint(1, 10),
        },
        {
            "model": [DecisionTreeClassifier(random_state=seed)],
            "model__max_depth": randint(2, 11),
            "model__min_samples_leaf": randint(1, 40),
        },
        {
            "model": [LogisticRegression(max_iter=2000)],
            "model__C": loguniform(1e-3, 1e2),
        },
    ]
    started = time.time()
    found = RandomizedSearchCV(
        pipe,
        space,
        n_iter=spec["trials"],
        scoring="roc_auc",
        cv=PredefinedSplit(fold),
        refit=True,
        random_state=seed,
        n_jobs=1,
    ).fit(X[fit_rows], y[fit_rows])
    test = np.asarray(spec["test"])
    scores = found.predict_proba(X[test])[:, 1]
    best = {k: (type(v).__name__ if k == "model" else v) for k, v in found.best_params_.items()}
    json.dump(
        {
            "testAuc": float(roc_auc_score(y[test], scores)),
            "validationAuc": float(found.best_score_),
            "best": json.loads(json.dumps(best, default=float)),
            "seconds": time.time() - started,
        },
        open(target, "w"),
    )


if __name__ == "__main__":
    if sys.argv[1] == "export-breast-cancer":
        export_breast_cancer(sys.argv[2])
    elif sys.argv[1] == "search":
        search(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
