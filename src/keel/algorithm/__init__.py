"""The algorithm API: ``QCAlgorithm`` (snake_case) with LEAN's PascalCase aliases."""
