"""Support and dot voting on needs (stöd / prickar)."""
