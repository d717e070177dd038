import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A resolved value as cdk-nag writes it in a finding: `<Logical.Arn>` for an attribute, `<AWS::Partition>` for a reference. */
export function renderAsNagNamesIt(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as { 'Ref'?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
  if (intrinsic.Ref) return `<${intrinsic.Ref}>`;
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(renderAsNagNamesIt).join(intrinsic['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** An ARN as cdk-nag writes it in a finding. */
export function arnAsNagNamesIt(scope: IConstruct, arn: string): string {
  return renderAsNagNamesIt(Stack.of(scope).resolve(arn));
}
