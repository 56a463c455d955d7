"""The algorithm API: ``QCAlgorithm`` (snake_case) with LEAN's PascalCase aliases."""

from keel.algorithm.dotnet import install_lean_module_finder

# LEAN algorithms import ``System``, ``QuantConnect``, ``clr`` and LEAN's framework modules
# (``Alphas.ConstantAlphaModel``...): served from AlgorithmImports' names (see ``dotnet``)
install_lean_module_finder()
