#!/usr/bin/python3
"""Writes the NPY fixtures used by tests/unit/data/npy_test.cpp with real numpy.

They pin AEL's NPY reader to what numpy actually writes (byte orders, Fortran order,
format 2.0, scalars). Re-run with `python3 make_fixtures.py` in this folder; the test
checks the values listed here, so keep the two in sync.
"""
import numpy as np

np.save("f8_c_2x3.npy", np.arange(6, dtype="<f8").reshape(2, 3) * 1.5 - 2)
np.save("f4_fortran_3x2.npy", np.asfortranarray(np.array([[1, 2], [3, 4], [5, 6]], "<f4") * 0.25))
np.save("i4_big_endian_4.npy", np.array([-3, 0, 7, 2147483647], ">i4"))
with open("i8_v2_2x2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[-(2**40), 1], [2, 3]], "<i8"), version=(2, 0))
np.save("u1_2x2x2.npy", np.arange(8, dtype=np.uint8).reshape(2, 2, 2) * 30)
np.save("f8_scalar.npy", np.array(3.25))
np.save("f8_fortran_2x3x4.npy", np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)))
np.save("c16_unsupported.npy", np.array([1 + 2j]))
