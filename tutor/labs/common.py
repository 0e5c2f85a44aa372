"""Pieces several labs share: a scored classifier, the sine curve they fit, a stable polynomial.

Like the labs, this module imports numpy and scikit-learn inside its functions only.
"""

from __future__ import annotations

from typing import Any


def accuracy(model: Any, X: Any, y: Any) -> float:
    """Share of rows predicted right (what `model.score` gives, with less checking)."""
    return float((model.predict(X) == y).mean())


def scaled_logistic_regression() -> Any:
    """A fresh logistic regression on standardised inputs (the labs' everyday classifier)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", max_iter=1000))


def sine(x: Any) -> Any:
    """The curve the regression labs learn: sin(2πx), one full wave over [0, 1]."""
    import numpy as np

    return np.sin(2 * np.pi * x)


def legendre_basis(x: Any, degree: int) -> Any:
    """The Legendre polynomials 0..`degree` at x in [0, 1] (mapped to [-1, 1]): one row per x.

    In this basis a high-degree least-squares fit stays well-conditioned; the fitted curve is
    the same as with plain powers of x. `legendre_basis(x, d) @ coef` evaluates a fit at x."""
    import numpy as np

    return np.polynomial.legendre.legvander(2 * x - 1, degree)


def legendre_fit(x: Any, y: Any, degree: int) -> Any:
    """Least-squares polynomial coefficients of `degree` (Legendre basis) for x in [0, 1]."""
    import numpy as np

    coef, *_ = np.linalg.lstsq(legendre_basis(x, degree), y, rcond=None)
    return coef


def legendre_predict(coef: Any, x: Any) -> Any:
    """The polynomial that `legendre_fit` gave, at x."""
    import numpy as np

    return np.polynomial.legendre.legval(2 * x - 1, coef)
