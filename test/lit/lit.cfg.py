# lit configuration: every .ph, .pir and .test file under test/lit is a test; its RUN lines use the
# tools (phononc, phonon, phonon-opt) and LLVM's FileCheck and not.
import os
import lit.formats

config.name = "Phonon"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".ph", ".pir", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.phonon_obj_root, "test", "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.phonon_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# The JIT cache in the build tree, never the user's.
config.environment["XDG_CACHE_HOME"] = os.path.join(config.test_exec_root, "cache")
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%examples", os.path.join(config.phonon_src_root, "examples")))
