#!/usr/bin/env python3
"""The paper's GP set-up in DEAP (Anecone 2024; NOTES.md section 2), timed.

PrimitiveSet("MAIN", 2) with arguments HouseAge, AveRooms and no constants; primitives
add, subtract, multiply, sin, cos, safe_exp, safe_log, safe_sqrt, safe_div, then
safe_exp, safe_log, safe_sqrt again (double weight); FitnessMin on the MSE over all rows
(inf/NaN -> inf); genHalfAndHalf(2, 4); selTournament(5); cxOnePoint; mutUniform with
genFull(0, 2); staticLimit(height, 17) on both; eaSimple(cxpb 0.5, mutpb 0.2);
HallOfFame(1). One independent run per target. Prints one JSON line per run.
"""
import argparse
import json
import operator
import random
import time

import numpy as np
from deap import algorithms, base, creator, gp, tools


# The paper's safe operators (safe_operators.py), element-wise via np.where.
def safe_div(x, y):
    return np.where(y != 0, np.divide(x, np.where(y != 0, y, 1.0)), 1.0)


def safe_log(x):
    return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)


def safe_exp(x):
    return np.where(x < 100, np.exp(np.minimum(x, 100)), np.exp(100))


def safe_sqrt(x):
    return np.where(x >= 0, np.sqrt(np.where(x >= 0, x, 0.0)), 0.0)


def make_pset():
    pset = gp.PrimitiveSet("MAIN", 2)
    pset.renameArguments(ARG0="HouseAge", ARG1="AveRooms")
    pset.addPrimitive(np.add, 2)
    pset.addPrimitive(np.subtract, 2)
    pset.addPrimitive(np.multiply, 2)
    pset.addPrimitive(np.sin, 1)
    pset.addPrimitive(np.cos, 1)
    for f, n in ((safe_exp, 1), (safe_log, 1), (safe_sqrt, 1), (safe_div, 2)):
        pset.addPrimitive(f, n)
    for f in (safe_exp, safe_log, safe_sqrt):  # listed twice in the paper's code
        pset.addPrimitive(f, 1)
    return pset


def run(X, y, population, generations, seed):
    pset = make_pset()
    if not hasattr(creator, "FitnessMin"):
        creator.create("FitnessMin", base.Fitness, weights=(-1.0,))
        creator.create("Individual", gp.PrimitiveTree, fitness=creator.FitnessMin)
    counters = {"evaluations": 0, "node_rows": 0}
    rows = X.shape[1]

    def evaluate(individual):
        counters["evaluations"] += 1
        counters["node_rows"] += len(individual) * rows
        func = gp.compile(expr=individual, pset=pset)
        with np.errstate(all="ignore"):
            pred = func(X[0], X[1])
            mse = float(np.mean((pred - y) ** 2))
        return (mse if np.isfinite(mse) else float("inf"),)

    toolbox = base.Toolbox()
    toolbox.register("expr", gp.genHalfAndHalf, pset=pset, min_=2, max_=4)
    toolbox.register("individual", tools.initIterate, creator.Individual, toolbox.expr)
    toolbox.register("population", tools.initRepeat, list, toolbox.individual)
    toolbox.register("evaluate", evaluate)
    toolbox.register("select", tools.selTournament, tournsize=5)
    toolbox.register("mate", gp.cxOnePoint)
    toolbox.register("expr_mut", gp.genFull, min_=0, max_=2)
    toolbox.register("mutate", gp.mutUniform, expr=toolbox.expr_mut, pset=pset)
    toolbox.decorate("mate", gp.staticLimit(key=operator.attrgetter("height"), max_value=17))
    toolbox.decorate("mutate", gp.staticLimit(key=operator.attrgetter("height"), max_value=17))

    random.seed(seed)
    np.random.seed(seed)
    start = time.perf_counter()
    cpu_start = time.process_time()
    pop = toolbox.population(n=population)
    hof = tools.HallOfFame(1)
    algorithms.eaSimple(pop, toolbox, cxpb=0.5, mutpb=0.2, ngen=generations, halloffame=hof,
                        verbose=False)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "best_mse": hof[0].fitness.values[0], "best": str(hof[0]),
            "best_size": len(hof[0]), **counters}


def main():
    parser = argparse.ArgumentParser(description="DEAP side of bench/gp")
    parser.add_argument("--data", required=True)
    parser.add_argument("--population", type=int, default=300)
    parser.add_argument("--generations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default="0,1")
    args = parser.parse_args()
    data = np.loadtxt(args.data, delimiter=",", skiprows=1)
    X = data[:, :2].T.copy()
    for t in [int(s) for s in args.targets.split(",")]:
        y = data[:, 2 + t].copy()
        result = run(X, y, args.population, args.generations, args.seed)
        result.update({"tool": "deap", "target": t, "seed": args.seed,
                       "population": args.population, "generations": args.generations,
                       "threads": 1, "precision": "float64"})
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
