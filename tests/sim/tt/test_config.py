"""Typed simulator config: defaults, TOML loading, clear errors, CLI flags."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from keel.cli.sim import config_from_args, register
from keel.sim.tt.config import ConfigError, SimConfig, config_from_dict, load_config


def test_toml_round_trip_with_kebab_keys(tmp_path: Path) -> None:
    path = tmp_path / "sim.toml"
    path.write_text('seed = 9\n[rest]\ntoken-lifetime-seconds = 60\n[[users]]\nname = "A"\naccounts = ["X"]\n'
                    'order_comp_id = "AO"\nmd_comp_id = "AM"\n[liquidity]\nmode = "none"\n')
    config = load_config(path)
    assert (config.seed, config.rest.token_lifetime_seconds, config.users[0].accounts) == (9, 60, ("X",))
    assert config.order_routing.comp_id == "TT_ORDER"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": 1}, "unknown key 'colour'"),
        ({"rest": {"port": "80"}}, "rest.port: expected an integer"),
        ({"liquidity": {"mode": "magic"}}, "liquidity.mode: 'magic'"),
        ({"liquidity": {"mode": "replay"}}, "liquidity.data_folder: required"),
        ({"faults": {"rest_error_probability": 2.0}}, "not a probability"),
        ({"rest": {"environments": ["prod"]}}, "unknown 'prod'"),
        ({"users": [{"order_comp_id": "X", "md_comp_id": "X"}]}, "used twice"),
    ],
)
def test_bad_config_names_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_dict(data)


def test_bad_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("seed = = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_cli_flags_override_config() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sim", "tt", "--order-port", "11502", "--seed", "4", "--liquidity", "replay",
                              "--data-folder", "/data", "--replay-date", "2013-10-07", "--speed", "60", "--tls"])
    config = config_from_args(args)
    assert (config.order_routing.port, config.seed, config.liquidity.mode, config.liquidity.speed) == (
        11502, 4, "replay", 60.0)
    assert config.liquidity.replay_dates == ("2013-10-07",) and config.tls.enabled
    assert config_from_args(parser.parse_args(["sim", "tt"])) == SimConfig()
