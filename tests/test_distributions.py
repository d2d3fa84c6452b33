"""The normal and Student quantiles and the normal tail, against scipy.special and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from indicators.survey.distributions import normal_quantile, normal_tail, student_quantile

PROBABILITIES = [0.5005, 0.55, 0.6, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.99999]
DEGREES = [*range(1, 121), 150, 199, 250, 499, 999, 1000, 4999, 10_000, 99_999, 10**6, 10**7, 0.5, 2.5, 3.7, 47.5]


def test_student_quantile_agrees_with_scipy_over_degrees_and_probabilities():
    # Both are within a few units in the last place of the exact value, except scipy's stdtrit next
    # to the centre (p = 0.5005: 600 to 80,000 units away from a 50-digit reference, ours at most 5)
    # and at six degrees of freedom in the tail (62 units): 1e-13 relative bounds both elsewhere.
    tail = PROBABILITIES[1:]
    ours = np.array([[student_quantile(df, p) for p in tail] for df in DEGREES])
    theirs = special.stdtrit(np.array(DEGREES, dtype=float)[:, None], np.array(tail)[None, :])
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=0)
    centre = [student_quantile(df, 0.5005) for df in DEGREES]
    np.testing.assert_allclose(centre, special.stdtrit(np.array(DEGREES, dtype=float), 0.5005), rtol=2e-11, atol=0)


@pytest.mark.parametrize("p", [p for p in PROBABILITIES if p >= 0.75])
def test_student_quantile_with_four_degrees_is_the_closed_form(p):
    # For ν = 4, F⁻¹(p) = 2 √(q − 1) with q = cos(arccos(√α) / 3) / √α and α = 4p(1 − p): a formula
    # the function does not use (it solves F(t) = p by Newton's method for every ν above 2); nearer
    # the centre the closed form itself loses digits (q − 1 cancels).
    alpha = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(alpha)) / 3) / math.sqrt(alpha)
    assert student_quantile(4, p) == pytest.approx(2 * math.sqrt(q - 1), rel=16 * 2.0**-52, abs=0)


@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.999])
def test_student_quantile_is_symmetric_and_tends_to_the_normal(p):
    for df in (1, 3, 30, 3000):
        assert student_quantile(df, 1 - p) == -student_quantile(df, p)
        assert student_quantile(df, 0.5) == 0.0
    assert student_quantile(1e12, p) == pytest.approx(normal_quantile(p), rel=1e-11)
    # More degrees of freedom, lighter tails: the quantile falls towards the normal one.
    assert student_quantile(5, p) > student_quantile(50, p) > student_quantile(5000, p) > normal_quantile(p)


@pytest.mark.parametrize(("df", "p"), [(0.0, 0.9), (-1.0, 0.9), (10, 0.0), (10, 1.0), (10, float("nan"))])
def test_student_quantile_refuses_what_has_no_quantile(df, p):
    with pytest.raises(ValueError):
        student_quantile(df, p)


def test_normal_quantile_and_tail_agree_with_scipy():
    probabilities = np.linspace(0.5001, 0.99999, 500)
    np.testing.assert_allclose([normal_quantile(p) for p in probabilities], special.ndtri(probabilities), rtol=1e-15)
    z = np.linspace(0, 8, 801)
    np.testing.assert_allclose([normal_tail(v) for v in z], special.ndtr(-z), rtol=1e-13, atol=0)
    assert normal_tail(0.0) == 0.5
    # Deep in the tail, rounding z / √2 alone moves the area by about z² units in the last place.
    for deep in (20.0, 30.0, 37.0):
        assert normal_tail(deep) == pytest.approx(special.ndtr(-deep), rel=deep * deep * 2.0**-52)
