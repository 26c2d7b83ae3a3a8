"""The required sections, in order, read from the embedded default contract
(`rules/contract.toml`): the one list the benchmark generators share with plan-lint."""
import os
import tomllib

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules", "contract.toml")

with open(_PATH, "rb") as _f:
    SECTIONS = [s["name"] for s in tomllib.load(_f)["sections"]]
