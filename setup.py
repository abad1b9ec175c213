import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class CleanBuildPy(build_py):
    """Copy the package into an emptied build folder. setuptools reuses
    build/lib between builds of a checkout, so a module or model version
    deleted from the tree would otherwise ship again from the last build."""

    def run(self):
        shutil.rmtree(Path(self.build_lib) / "peelnlp", ignore_errors=True)
        super().run()


setup(packages=find_packages(include=["peelnlp*"]) + ["peelnlp.shipped_models"],
      cmdclass={"build_py": CleanBuildPy})
