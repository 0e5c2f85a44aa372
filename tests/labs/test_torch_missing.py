"""Without PyTorch the tutor still works and a torch lab says exactly how to get it."""

from __future__ import annotations

import subprocess
import sys


def test_a_torch_lab_without_torch_says_how_to_install_it() -> None:
    # A meta-path hook makes `import torch` fail in a child, as on a machine without it.
    code = (
        "import sys\n"
        "class NoTorch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' or name.startswith('torch.'):\n"
        "            raise ImportError('No module named torch')\n"
        "sys.meta_path.insert(0, NoTorch())\n"
        "from tutor.cli import run\n"
        "sys.exit(run(['lab', 'lora']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "This lab needs PyTorch" in result.stderr
    assert "pip install 'mltutor[torch]'" in result.stderr
    assert "Traceback" not in result.stderr
    # and a lab that does not need torch runs as ever
    ok = subprocess.run(
        [sys.executable, "-c", code.replace("'lora'", "'activations'")],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
