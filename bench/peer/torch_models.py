# The model zoo's benchmark architectures in plain PyTorch, written the way RepDistiller's
# models/resnet.py writes them (NCHW, bias-free convs before BN, 1x1 conv + BN projection
# shortcuts), so the peer benchmark (bench/peer.ts) times the same networks as
# src-main/training/core/models/resnet.ts and cnn.ts. forward() returns (logits, [stage taps]).
import torch.nn as nn
import torch.nn.functional as F


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride=1):
        super().__init__()
        self.conv1 = conv3x3(cin, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or cin != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, planes, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut)


class ResNet(nn.Module):
    """CIFAR ResNet of depth 6n + 2, widths [stem, stage1, stage2, stage3]."""

    def __init__(self, depth, widths, num_classes):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = conv3x3(3, widths[0])
        self.bn1 = nn.BatchNorm2d(widths[0])
        cin = widths[0]
        stages = []
        for s, planes in enumerate(widths[1:]):
            blocks = []
            for b in range(n):
                blocks.append(BasicBlock(cin, planes, 2 if s > 0 and b == 0 else 1))
                cin = planes
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.ModuleList(stages)
        self.fc = nn.Linear(cin, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        taps = []
        for stage in self.stages:
            x = stage(x)
            taps.append(x)
        logits = self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))
        return logits, taps


class Cnn(nn.Module):
    """The app's MNIST CNN: conv3x3 16 + ReLU, pool, conv3x3 32 + ReLU, pool, linear."""

    def __init__(self, in_channels, side, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * (side // 4) * (side // 4), num_classes)

    def forward(self, x):
        s1 = F.relu(self.conv1(x))
        s2 = F.relu(self.conv2(F.max_pool2d(s1, 2)))
        return self.fc(F.max_pool2d(s2, 2).flatten(1)), [s1, s2]


def build(name, num_classes):
    if name == 'resnet8':
        return ResNet(8, [16, 16, 32, 64], num_classes)
    if name == 'resnet8x4':
        return ResNet(8, [32, 64, 128, 256], num_classes)
    if name == 'resnet32x4':
        return ResNet(32, [32, 64, 128, 256], num_classes)
    if name == 'cnn':
        return Cnn(1, 28, num_classes)
    raise ValueError(f'unknown model {name}')


def count_params(model):
    return sum(p.numel() for p in model.parameters())
