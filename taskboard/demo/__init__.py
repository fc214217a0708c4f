"""Example data: the seed story's five communities, and a district-sized set for benchmarks."""

from taskboard.demo.dataset import Dataset
from taskboard.demo.district import district_dataset
from taskboard.demo.install import dataset_tables, fill_store
from taskboard.demo.story import story_dataset

__all__ = ["Dataset", "dataset_tables", "district_dataset", "fill_store", "story_dataset"]
