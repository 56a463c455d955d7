"""Reality models: fees, slippage, fills, buying power, margin calls, settlement, volatility,
the portfolio model, brokerage models and security initializers.

Submodules are imported on use (``from keel.reality.fees import ...``); this package imports
nothing eagerly so that ``keel.securities`` can load the defaults lazily without a cycle.
"""
