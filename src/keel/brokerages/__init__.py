"""Brokerages: the simulated one (backtest and paper) and live venues behind one interface."""
