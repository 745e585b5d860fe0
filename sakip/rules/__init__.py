"""The rules of e-SAKIP: pure Python, no Django.

Achievement, combining periods, rating scales, the Evaluasi Hasil Renja columns,
budget figures, a safe formula evaluator, NIP and Permendagri 90/2019 code parsing,
Indonesian formatting and data-quality findings. Every function takes plain values
(``Decimal`` for figures, ``int`` for Rupiah) and a frozen :class:`~sakip.rules.policy.Policy`.
"""
