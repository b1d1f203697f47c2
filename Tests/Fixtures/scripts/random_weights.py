"""Random weights for the tiny fixture checkpoints, shared by the fixture scripts."""
import torch


def randomize(model, generator, scale):
    """Large random weights (`scale` · N(0, 1); LayerNorm weights 1 + 0.3 · N(0, 1)), so attention and predictions
    are far from uniform and LayerNorm parameters matter."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "LayerNorm.weight" in name or "layer_norm.weight" in name:
                parameter.copy_(1 + 0.3 * torch.randn(parameter.shape, generator=generator))
            else:
                parameter.copy_(scale * torch.randn(parameter.shape, generator=generator))
