"""The Python module `ael` (hosts/python), as a Python user meets it.

Run by ctest as `python3 -m unittest` with PYTHONPATH=<build>/python.
"""
import io
import os
import threading
import unittest

import numpy as np

import ael

MODEL = """
model Tiny(x: 2) {
  code = x |> dense(1)
  out  = code |> dense(2)
}
fn fit(epochs) = train Tiny on samples {
  loss      = mse(out, x)
  optimizer = adam(lr: 0.05)
  epochs    = epochs
  batch     = 16
  seed      = 1
  on_epoch  = fn(r) => report(r.epoch, r.loss)
}
"""


def line_samples(n=200):
    """Points on a line in 2-D: a 1-unit code reconstructs them almost exactly."""
    t = np.linspace(-1, 1, n)
    return np.stack([t, 0.5 * t], axis=1)


class Values(unittest.TestCase):
    def setUp(self):
        self.a = ael.Interpreter(seed=1, threads=1)

    def test_plain_values_round_trip(self):
        for v in [None, True, False, 0, -7, 2**62, 2.5, "", "héllo", [1, [2, "x"]],
                  {"a": 1, "b": [True, None]}]:
            self.a["v"] = v
            self.assertEqual(self.a["v"], v)
        self.a["t"] = (1, 2)
        self.assertEqual(self.a["t"], [1, 2])

    def test_values_computed_by_the_script_come_back(self):
        self.assertEqual(self.a.eval("1 + 2"), 3)
        self.assertEqual(self.a.eval("{k: [1, 2.5]}"), {"k": [1, 2.5]})

    def test_unsupported_values_are_type_errors(self):
        with self.assertRaisesRegex(TypeError, "set"):
            self.a["s"] = {1, 2}
        with self.assertRaisesRegex(ValueError, "64-bit"):
            self.a["big"] = 2**70
        with self.assertRaisesRegex(ValueError, "string"):
            self.a["r"] = {1: 2}

    def test_missing_global_is_a_key_error(self):
        with self.assertRaises(KeyError):
            self.a["nope"]
        self.assertNotIn("nope", self.a)
        self.a["yes"] = 1
        self.assertIn("yes", self.a)


class Matrices(unittest.TestCase):
    def setUp(self):
        self.a = ael.Interpreter(seed=1, threads=1)

    def test_rows_are_samples_and_columns_features(self):
        m = np.arange(12, dtype=float).reshape(4, 3)  # C order on purpose
        self.a["m"] = m
        self.assertEqual(self.a.eval("[m.rows, m.cols]"), [4, 3])
        back = self.a["m"]
        self.assertIsInstance(back, np.ndarray)
        np.testing.assert_array_equal(back, m)
        # Fortran order and ints are converted the same way.
        self.a["f"] = np.asfortranarray(m.astype(np.int32))
        np.testing.assert_array_equal(self.a["f"], m)

    def test_datasets_come_back_without_a_copy_and_read_only(self):
        big = np.random.default_rng(1).normal(size=(1000, 8))
        self.a["big"] = big
        one, two = self.a["big"], self.a["big"]
        # Both views share AEL's one buffer: no copy was made on the way out.
        self.assertEqual(one.ctypes.data, two.ctypes.data)
        self.assertTrue(one.flags.c_contiguous)
        self.assertFalse(one.flags.writeable)
        with self.assertRaises(ValueError):
            one[0, 0] = 1.0
        np.testing.assert_array_equal(one, big)
        # The view keeps the data alive after the global and the interpreter are gone.
        self.a.run_string("big = 0")
        self.a.close()
        np.testing.assert_array_equal(one, big)

    def test_the_script_sees_the_values_where_numpy_has_them(self):
        self.a["m"] = np.array([[1.0, 2.0], [3.0, 40.0]])
        self.assertEqual(self.a.eval("(m * 2).cols"), 2)
        np.testing.assert_array_equal(self.a.eval("m * 2"), [[2, 4], [6, 80]])

    def test_a_matrix_must_be_2d(self):
        with self.assertRaisesRegex(ValueError, "2-D"):
            self.a["v"] = np.zeros(3)
        with self.assertRaisesRegex(ValueError, "2-D"):
            self.a["v"] = np.zeros((2, 2, 2))


class Errors(unittest.TestCase):
    def setUp(self):
        self.a = ael.Interpreter(seed=1, threads=1)

    def test_script_errors_carry_diagnostics(self):
        with self.assertRaises(ael.ScriptError) as caught:
            self.a.run_string("let a = 1\nlet b = a +* 2", "bad.ael")
        e = caught.exception
        self.assertIsInstance(e, ael.Error)
        self.assertGreaterEqual(len(e.diagnostics), 1)
        d = e.diagnostics[0]
        self.assertEqual((d.severity, d.file, d.line), ("error", "bad.ael", 2))
        self.assertGreater(d.column, 0)
        self.assertIn("^", d.rendered)
        self.assertIn("bad.ael:2:", str(e))

    def test_missing_file_names_it(self):
        with self.assertRaisesRegex(ael.ScriptError, "no_such_file.ael"):
            self.a.run_file("no_such_file.ael")

    def test_the_interpreter_stays_usable_after_an_error(self):
        with self.assertRaises(ael.ScriptError):
            self.a.run_string("1 / []")
        self.assertEqual(self.a.eval("40 + 2"), 42)

    def test_a_closed_interpreter_refuses_calls(self):
        self.a.close()
        with self.assertRaisesRegex(ValueError, "closed"):
            self.a.eval("1")


class HostFunctions(unittest.TestCase):
    def setUp(self):
        self.a = ael.Interpreter(seed=1, threads=2)

    def test_parameters_come_from_the_python_signature(self):
        def scaled(x, k=2, *rest):
            return x * k + sum(rest)
        self.a.register("scaled", scaled)
        self.assertEqual(self.a.eval("scaled(3)"), 6)  # Python's default, not none
        self.assertEqual(self.a.eval("scaled(3, k: 5)"), 15)
        self.assertEqual(self.a.eval("scaled(1, 1, 10, 20)"), 31)

    def test_an_explicit_parameter_list_wins(self):
        self.a.register("pair", lambda *xs: list(xs), params="a, b")
        self.assertEqual(self.a.eval("pair(b: 2, a: 1)"), [1, 2])
        with self.assertRaises(ael.ScriptError):
            self.a.eval("pair(1)")

    def test_python_exceptions_fail_the_call_at_its_location(self):
        def boom(x):
            raise ValueError("no " + str(x))
        self.a.register("boom", boom)
        with self.assertRaises(ael.ScriptError) as caught:
            self.a.run_string("let a = 1\nlet b = boom(7)", "host.ael")
        d = caught.exception.diagnostics[0]
        self.assertEqual((d.file, d.line), ("host.ael", 2))
        self.assertIn("no 7", d.message)

    def test_called_from_parallel_workers(self):
        self.a.register("sq", lambda i: i * i)
        self.assertEqual(self.a.eval("sum(parallel [sq(i) for i in range(100)])"),
                         sum(i * i for i in range(100)))

    def test_returning_an_unsupported_value_is_an_error(self):
        self.a.register("bad", lambda: object())
        with self.assertRaisesRegex(ael.ScriptError, "object"):
            self.a.eval("bad()")


class Training(unittest.TestCase):
    def fit(self, seed):
        a = ael.Interpreter(seed=seed, threads=1)
        curve = []
        a.register("report", lambda epoch, loss: curve.append(loss) and False)
        a["samples"] = line_samples()
        a.run_string(MODEL, "model.ael")
        model = a.call("fit", 20)
        return a, model, curve

    def test_a_model_trains_and_its_results_are_readable(self):
        a, model, curve = self.fit(seed=1)
        self.assertEqual(model.type_name, "compiled model")
        self.assertEqual(len(curve), 20)
        self.assertLess(curve[-1], curve[0] / 10)
        self.assertAlmostEqual(model.loss, curve[-1], delta=abs(curve[-1]) * 0.5 + 1e-9)
        self.assertEqual(len(model.history), 20)
        a["trained"] = model
        recon = a.eval("apply(trained, samples)")
        self.assertEqual(recon.shape, (200, 2))
        np.testing.assert_allclose(recon, line_samples(), atol=0.05)
        with self.assertRaises(AttributeError):
            model.no_such_field
        with self.assertRaisesRegex(TypeError, "not callable"):
            model(1)

    def test_same_seed_same_numbers(self):
        _, _, one = self.fit(seed=1)
        _, _, two = self.fit(seed=1)
        self.assertEqual(one, two)

    def test_function_values_are_callable(self):
        a = ael.Interpreter(seed=1, threads=1)
        a.run_string("fn add(a, b) = a + b")
        add = a["add"]
        self.assertEqual(add.type_name, "function")
        self.assertEqual(add(2, 3), 5)
        self.assertEqual(a.call(add, 1, 1), 2)
        with self.assertRaisesRegex(ael.ScriptError, "add"):
            add(1)


class Output(unittest.TestCase):
    def test_print_goes_to_the_write_callback(self):
        seen = []
        a = ael.Interpreter(write=seen.append)
        a.run_string('print("hello", 1 + 1)')
        self.assertEqual("".join(seen), "hello 2\n")

    def test_default_output_is_sys_stdout_at_write_time(self):
        import contextlib
        buf = io.StringIO()
        a = ael.Interpreter()
        with contextlib.redirect_stdout(buf):
            a.run_string('print("captured")')
        self.assertEqual(buf.getvalue(), "captured\n")


class Interrupt(unittest.TestCase):
    def test_interrupt_from_another_thread_raises_keyboard_interrupt(self):
        a = ael.Interpreter(threads=1)
        timer = threading.Timer(0.3, ael.interrupt)
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                a.run_string("let n = 0\nwhile true { n = n + 1 }")
        finally:
            timer.cancel()
        self.assertEqual(a.eval("1 + 1"), 2)  # usable afterwards


class Options(unittest.TestCase):
    def test_module_path_finds_modules(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "helpers.ael"), "w") as f:
                f.write("fn triple(x) = 3 * x\n")
            a = ael.Interpreter(module_path=[d])
            a.run_string("from helpers import triple\nlet t = triple(4)")
            self.assertEqual(a["t"], 12)

    def test_quick_is_visible_to_scripts(self):
        self.assertTrue(ael.Interpreter(quick=True).eval("quick"))
        self.assertFalse(ael.Interpreter().eval("quick"))

    def test_version(self):
        self.assertRegex(ael.__version__, r"^\d+\.\d+\.\d+")


class ScriptArguments(unittest.TestCase):
    def test_arguments_reach_the_script_typed_after_their_defaults(self):
        a = ael.Interpreter(arguments={"lr": 3e-4, "epochs": 5, "fast": True})
        a.run_string("let args = arguments({lr: 1e-3, epochs: 20, fast: false})")
        self.assertEqual(a.eval("args.epochs"), 5)
        self.assertAlmostEqual(a.eval("args.lr"), 3e-4)
        self.assertIs(a.eval("args.fast"), True)

    def test_an_unknown_argument_is_an_error_naming_it(self):
        a = ael.Interpreter(arguments={"lrr": 1})
        with self.assertRaises(ael.Error) as caught:
            a.run_string("let args = arguments({lr: 1e-3})")
        self.assertIn("unknown script argument 'lrr'", str(caught.exception))

if __name__ == "__main__":
    unittest.main()
