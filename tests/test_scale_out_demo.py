"""The pieces of ``manage.py scale_out_demo`` that can be checked without creating clusters
(the demonstration itself is run by hand: README, "Several app servers")."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from directory.ops.clusters import Cluster, ClusterError
from directory.ops.front import Front


def test_the_machines_own_cluster_is_refused():
    with pytest.raises(ClusterError, match="refusing to touch the cluster 15/main"):
        Cluster("15", "main", 5432)


def test_a_demonstration_cluster_is_reached_on_the_loopback_only():
    cluster = Cluster("15", "scaleprimary", 5441)
    assert cluster.url == "postgres://postgres@127.0.0.1:5441/annuaire"
    assert str(cluster.data_directory) == "/var/lib/postgresql/15/scaleprimary"


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed")
def test_the_fronts_configuration_is_valid_haproxy(tmp_path):
    front = Front(8780, {"a": 8781, "b": 8782}, tmp_path)
    front.write_configuration()
    text = front.configuration.read_text()
    assert "bind 127.0.0.1:8780" in text
    assert "server a 127.0.0.1:8781 check inter 1s" in text
    assert "server b 127.0.0.1:8782 check inter 1s" in text
    checked = subprocess.run(
        ["haproxy", "-c", "-q", "-f", str(front.configuration)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
